import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { llmError } from '../../../src-main/engine/llm/llm-error'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import type { LlmProvider, ProviderName } from '../../../src-main/engine/llm/llm-types'
import { DeferredProvider } from '../../../src-main/engine/llm/providers/deferred-provider'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { providerHealthReport } from '../../../src-main/engine/services/provider-health-report'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { aTechnicalAnalysisRequest } from '../../helpers/llm/technical-analysis-request'
import { say, ScriptedProvider } from '../../helpers/llm/scripted-provider'

const request = aTechnicalAnalysisRequest({ timeoutMs: 1000 })

/** A router over scripted providers (keyed unless `keyless`) and a broken-SDK deepseek. */
async function setup(keyless: readonly ProviderName[] = []) {
  const providers = new Map<ProviderName, LlmProvider>()
  const scripted = new Map<ProviderName, ScriptedProvider>()
  for (const name of ['ollama', 'openai', 'anthropic', 'xai'] as const) {
    const provider = new ScriptedProvider(name)
    provider.hasKey = !keyless.includes(name)
    scripted.set(name, provider)
    providers.set(name, provider)
  }
  providers.set(
    'deepseek',
    new DeferredProvider({
      name: 'deepseek',
      sdk: 'openai',
      isConfigured: async () => true,
      load: async () => {
        throw new Error("Cannot find module 'openai'")
      },
    }),
  )
  providers.set('rules', new RulesProvider())
  const router = new LlmRouter({
    config: shippedAgentsConfig((config) => {
      config.llm.max_retries = 0
    }),
    providers,
    clock: new VirtualClock(1_000_000),
    logger: silentLogger(),
  })
  await router.refreshAvailability()
  const report = (provider: ProviderName) =>
    providerHealthReport(router.health()).find((entry) => entry.provider === provider)
  return { router, report, ollama: scripted.get('ollama') as ScriptedProvider }
}

const SDK_MESSAGE = "provider=deepseek sdk=openai failed to load: Cannot find module 'openai'"

describe('providerHealthReport', () => {
  it('gives no reason for a provider that answers, or has not been asked yet', async () => {
    const { report } = await setup()
    expect(report('rules')).toEqual({
      provider: 'rules',
      isAvailable: true,
      isHealthy: true,
      reason: null,
    })
    expect(report('openai')).toMatchObject({ isHealthy: true, reason: null })
  })

  it('says a provider without its key has no API key, and nothing about reachability', async () => {
    const { report } = await setup(['xai'])
    expect(report('xai')).toEqual({
      provider: 'xai',
      isAvailable: false,
      isHealthy: false,
      reason: 'no API key configured',
    })
  })

  it('names a failed SDK load from the start, before any call, and after calls fail so', async () => {
    const { router, report } = await setup()
    const broken = {
      provider: 'deepseek',
      isAvailable: true,
      isHealthy: false,
      reason: `cannot be called: its SDK could not be loaded (${SDK_MESSAGE})`,
    }
    expect(report('deepseek')).toEqual(broken)
    await router.ask('deepseek', request)
    expect(report('deepseek')).toEqual(broken)
    await router.ask('deepseek', request)
    await router.ask('deepseek', request)
    expect(report('deepseek')).toEqual(broken)
  })

  it('says an Ollama that does not answer is not reachable, never that it lacks a key', async () => {
    const { router, report, ollama } = await setup()
    ollama.enqueue('qwen2.5:7b', say.fail('network'), say.fail('network'), say.fail('network'))
    for (let call = 0; call < 3; call++) await router.ask('qwen', request)
    expect(report('ollama')).toEqual({
      provider: 'ollama',
      isAvailable: true,
      isHealthy: false,
      reason: 'skipped after repeated failures: not reachable (scripted network)',
    })
  })

  it('falls back to the state alone when no model of the provider kept its error', () => {
    const report = providerHealthReport({
      providers: [{ provider: 'openai', status: 'unhealthy' }],
      models: [],
    })
    expect(report[0]?.reason).toBe('skipped after repeated failures')
  })

  it('words the cause of any failure kind, with its message', () => {
    const timedOut = providerHealthReport({
      providers: [{ provider: 'openai', status: 'degraded' }],
      models: [
        {
          model: 'gpt',
          provider: 'openai',
          modelId: 'gpt-4o',
          status: 'degraded',
          consecutiveFailures: 1,
          unhealthyUntilMs: null,
          lastError: llmError('timeout', 'provider=openai model=gpt-4o timeout_ms=1000'),
          lastSuccessMs: null,
          hasCallHistory: true,
        },
      ],
    })
    expect(timedOut[0]?.reason).toBe(
      'last call failed: timed out (provider=openai model=gpt-4o timeout_ms=1000)',
    )
  })
})
