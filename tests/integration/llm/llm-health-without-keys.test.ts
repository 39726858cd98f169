import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SystemClock } from '../../../src-main/engine/clock'
import { loadConfig } from '../../../src-main/engine/config'
import { agentsSkippedAt, DegradationMonitor } from '../../../src-main/engine/coordinator'
import { createLlmLayer } from '../../../src-main/engine/llm/create-llm-layer'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  llmHealthSource,
  llmProviderHealth,
} from '../../../src-main/engine/wiring/llm-health-source'
import { FakeOllamaServer, reply } from '../../fakes/llm'
import { CONFIG_DIR } from '../../helpers/config-fixture'
import { aTechnicalAnalysisRequest } from '../../helpers/llm/technical-analysis-request'

/** Nothing listens here: a call to it fails at once with a refused connection. */
const DEAD_URL = 'http://127.0.0.1:9'

const TA = {
  trend_direction: 'bullish',
  trend_strength: 0.7,
  momentum_score: 0.4,
  bias: 'long',
  confidence: 0.66,
  key_levels: { support: [48800], resistance: [50600] },
  reasoning: 'EMAs stacked, ADX 32',
}

const request = aTechnicalAnalysisRequest()

let ollama: FakeOllamaServer
beforeAll(async () => {
  ollama = new FakeOllamaServer()
  await ollama.start()
})
afterAll(() => ollama.stop())

/**
 * The shipped config (config/*.yaml through loadConfig) with `env` as the whole environment,
 * so no API key unless `env` has one; the LLM layer and the coordinator's degradation
 * monitor wired on it as the composition root does.
 */
async function shippedLlmHealth(env: Record<string, string>) {
  const { config } = loadConfig({ configDir: CONFIG_DIR, env })
  const clock = new SystemClock()
  const logger = silentLogger()
  const llm = await createLlmLayer({
    config: config.agents,
    clock,
    logger,
    env,
    dataDir: tmpdir(),
  })
  const degradation = config.orchestration.coordinator.degradation
  const monitor = new DegradationMonitor({
    clock,
    logger,
    thresholds: { failuresBeforeUnhealthy: degradation.failures_before_unhealthy },
    successesBeforeRecovery: degradation.successes_before_recovery,
    healthSource: llmHealthSource(llm.router),
    agentsSkippedAt,
  })
  return { router: llm.router, monitor }
}

describe('LLM health on an install without cloud keys', () => {
  it('stays NORMAL while Ollama and the rules answer: keyless providers are not down', async () => {
    const { router, monitor } = await shippedLlmHealth({ OLLAMA_HOST: ollama.url })
    expect(monitor.evaluate()).toBeNull()

    ollama.enqueue('qwen2.5:7b', reply.json(TA))
    expect(await router.ask('qwen', request)).toMatchObject({ ok: true, model: { key: 'qwen' } })
    expect(await router.ask('rules', request)).toMatchObject({ ok: true })
    // A keyless model in a route is passed over without a call, and is no failure either.
    expect(await router.ask('gpt', request)).toMatchObject({
      ok: false,
      calls: 0,
      error: { kind: 'unavailable' },
    })

    expect(llmProviderHealth(router)).toEqual([{ name: 'ollama', isHealthy: true, isKnown: true }])
    expect(monitor.evaluate()).toBeNull()
    expect(monitor.level).toBe('NORMAL')
  })

  it('still degrades when a provider that has its key fails', async () => {
    const { router, monitor } = await shippedLlmHealth({
      OLLAMA_HOST: ollama.url,
      DEEPSEEK_API_KEY: 'sk-test',
      DEEPSEEK_BASE_URL: DEAD_URL,
    })
    expect(monitor.evaluate()).toBeNull()

    expect(await router.ask('deepseek', request)).toMatchObject({
      ok: false,
      error: { kind: 'network' },
    })
    expect(monitor.evaluate()).toMatchObject({
      from: 'NORMAL',
      to: 'LIMITED',
      reason: 'LLM providers down: deepseek (1 of 2); no unhealthy agent',
    })
  })

  it('goes to EMERGENCY when Ollama, the only provider in use, fails', async () => {
    const { router, monitor } = await shippedLlmHealth({ OLLAMA_HOST: DEAD_URL })
    expect(await router.ask('qwen', request)).toMatchObject({
      ok: false,
      error: { kind: 'network' },
    })
    expect(monitor.evaluate()).toMatchObject({
      from: 'NORMAL',
      to: 'EMERGENCY',
      reason: 'LLM providers down: ollama (1 of 1); no unhealthy agent',
    })
  })
})
