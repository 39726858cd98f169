import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  ConflictResolver,
  type ConflictResolution,
  type ResolutionRequest,
} from '../../../src-main/engine/coordinator'
import { loadConfig, withRulesOnlyAgents } from '../../../src-main/engine/config'
import type { AgentsConfig } from '../../../src-main/engine/config/schemas/agents'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import type { LlmProvider, ProviderName } from '../../../src-main/engine/llm/llm-types'
import { llmError } from '../../../src-main/engine/llm/llm-error'
import { failureResult } from '../../../src-main/engine/llm/providers/provider-result'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { routerConflictModels } from '../../../src-main/engine/wiring/router-conflict-models'
import { CONFIG_DIR } from '../../helpers/config-fixture'
import { capturingLogger } from '../../helpers/llm/capturing-logger'

const REQUEST: ResolutionRequest = {
  correlationId: 'corr-1',
  symbol: 'BTC/USDT',
  signal: { symbol: 'BTC/USDT', action: 'BUY', confidence: 0.7 },
  conflicts: [{ type: 'regime_choppy', description: 'a BUY in a choppy regime', details: {} }],
  context: {},
}

/** Resolves REQUEST with the conflict models of `agents` asked through a router over `providers`. */
async function resolveThroughRouter(
  agents: AgentsConfig,
  providers: Map<ProviderName, LlmProvider>,
): Promise<{ resolution: ConflictResolution; warnings: unknown[] }> {
  const clock = new VirtualClock(1_000_000)
  const router = new LlmRouter({ config: agents, providers, clock, logger: silentLogger() })
  await router.refreshAvailability()
  const { logger, lines } = capturingLogger()
  const resolver = new ConflictResolver({
    clock,
    logger,
    models: routerConflictModels(router, agents),
    maxResolutionTimeMs: 10_000,
    modelTimeoutMs: 5_000,
  })
  const resolution = await resolver.resolve(REQUEST, {
    isLlmAllowed: true,
    isFallbackAllowed: true,
  })
  const warnings = lines.filter((line) => line.level === 40).map((line) => line.model)
  return { resolution, warnings }
}

describe('routerConflictModels', () => {
  it('lets the rules model resolve a conflict (a rules-only replay, the offline fallback)', async () => {
    const agents = withRulesOnlyAgents(loadConfig({ configDir: CONFIG_DIR, env: {} }).config).agents
    const { resolution } = await resolveThroughRouter(
      agents,
      new Map([['rules', new RulesProvider()]]),
    )

    expect(resolution).toMatchObject({ action: 'wait', model: 'rules', usedDefault: false })
    expect(resolution.reasoning).toContain('regime_choppy')
    expect(resolution.attempts).toEqual([
      { model: 'rules', outcome: 'answered', error: null, latencyMs: 0 },
    ])
  })

  it('passes over quietly the models it cannot ask, and still warns of one that failed', async () => {
    // The shipped routes: DeepSeek, then Claude; neither provider has a key here.
    const agents = loadConfig({ configDir: CONFIG_DIR, env: {} }).config.agents
    // Asked, and refused (a rejected key is not retried).
    const failing: LlmProvider = {
      name: 'anthropic',
      isConfigured: async () => true,
      generate: async (request) =>
        failureResult('anthropic', request, llmError('auth', 'HTTP 401 invalid x-api-key'), 40),
    }
    const keyless = await resolveThroughRouter(agents, new Map())
    expect(keyless.resolution).toMatchObject({ action: 'wait', usedDefault: true })
    expect(keyless.resolution.attempts.map((attempt) => attempt.outcome)).toEqual([
      'not_asked',
      'not_asked',
    ])
    expect(keyless.resolution.attempts[0]?.error).toContain('is not set up')
    expect(keyless.warnings).toEqual([])

    const asked = await resolveThroughRouter(agents, new Map([['anthropic', failing]]))
    expect(asked.resolution.attempts.map((attempt) => attempt.outcome)).toEqual([
      'not_asked',
      'failed',
    ])
    expect(asked.warnings).toEqual([agents.agents.coordinator.fallbacks[0]])
  })
})
