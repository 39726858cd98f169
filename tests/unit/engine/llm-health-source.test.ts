import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import type { LlmProvider, ProviderName } from '../../../src-main/engine/llm/llm-types'
import type { ModelHealthRecord } from '../../../src-main/engine/llm/model-health-record'
import { DeferredProvider } from '../../../src-main/engine/llm/providers/deferred-provider'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  llmHealthSource,
  llmProviderHealth,
} from '../../../src-main/engine/wiring/llm-health-source'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { aTechnicalAnalysisRequest } from '../../helpers/llm/technical-analysis-request'
import { ScriptedProvider } from '../../helpers/llm/scripted-provider'

const request = aTechnicalAnalysisRequest()

/** Every provider scripted and keyed, except those given; `saved` is the health restored at start. */
async function routerWith(
  overrides: Partial<Record<ProviderName, LlmProvider>>,
  saved: readonly ModelHealthRecord[] = [],
) {
  const providers = new Map<ProviderName, LlmProvider>()
  for (const name of ['ollama', 'openai', 'anthropic', 'deepseek', 'xai'] as const) {
    providers.set(name, overrides[name] ?? new ScriptedProvider(name))
  }
  providers.set('rules', new RulesProvider())
  const router = new LlmRouter({
    config: shippedAgentsConfig(),
    providers,
    clock: new VirtualClock(1_000_000),
    logger: silentLogger(),
    healthStore: { load: async () => saved, save: async () => {} },
  })
  await router.restoreHealth()
  await router.refreshAvailability()
  return router
}

/** A keyed provider that answers every call as the rules would. */
function answering(name: ProviderName): LlmProvider {
  const rules = new RulesProvider()
  return {
    name,
    isConfigured: async () => true,
    generate: async (generate) => ({
      ...(await rules.generate(generate)),
      provider: name,
      modelId: generate.model.id,
    }),
  }
}

/** A provider whose SDK import fails; `isConfigured` says whether its key is set. */
function brokenSdk(name: ProviderName, hasKey: boolean): DeferredProvider {
  return new DeferredProvider({
    name,
    sdk: 'openai',
    isConfigured: async () => hasKey,
    load: async () => {
      throw new Error(`Cannot find module 'sdk-of-${name}'`)
    },
  })
}

describe('llmProviderHealth', () => {
  it('reports a provider with its key whose SDK fails to load as down, from the start', async () => {
    const router = await routerWith({ deepseek: brokenSdk('deepseek', true) })
    expect(llmProviderHealth(router)).toContainEqual({ name: 'deepseek', isHealthy: false })
    expect(llmProviderHealth(router)).toContainEqual({ name: 'openai', isHealthy: true })

    expect(await router.ask('deepseek', request)).toMatchObject({
      ok: false,
      error: { kind: 'sdk_load_failed' },
    })
    expect(llmProviderHealth(router)).toContainEqual({ name: 'deepseek', isHealthy: false })
  })

  it('leaves out a provider without its key, whatever its SDK', async () => {
    const router = await routerWith({ deepseek: brokenSdk('deepseek', false) })
    expect(await router.ask('deepseek', request)).toMatchObject({
      ok: false,
      calls: 0,
      error: { kind: 'unavailable' },
    })
    expect(llmProviderHealth(router).map((provider) => provider.name)).not.toContain('deepseek')
  })

  it('counts every provider down after a restart in EMERGENCY with no saved health until one of its models answers', async () => {
    const router = await routerWith({ deepseek: answering('deepseek') })
    const source = llmHealthSource(router)
    source.levelRestored?.('EMERGENCY')
    expect(source.llmProviders().every((provider) => !provider.isHealthy)).toBe(true)
    // The rules are no LLM: never marked.
    expect(router.health().models.find((model) => model.provider === 'rules')?.status).toBe(
      'healthy',
    )
    expect(await router.ask('deepseek', request)).toMatchObject({ ok: true })
    expect(source.llmProviders()).toContainEqual({ name: 'deepseek', isHealthy: true })
    expect(source.llmProviders()).toContainEqual({ name: 'openai', isHealthy: false })
  })

  it('leaves a model with saved health as it was after a restart in EMERGENCY', async () => {
    const answered: ModelHealthRecord = {
      model: 'deepseek',
      provider: 'deepseek',
      modelId: 'deepseek-v4-flash',
      consecutiveFailures: 0,
      unhealthyUntilMs: null,
      lastError: null,
      lastSuccessMs: 999_000,
      updatedAtMs: 999_000,
    }
    const failing: ModelHealthRecord = {
      ...answered,
      model: 'qwen',
      provider: 'ollama',
      modelId: 'qwen2.5:7b',
      consecutiveFailures: 1,
      lastError: { kind: 'network', message: 'connect ECONNREFUSED' },
    }
    const router = await routerWith({}, [answered, failing])
    const source = llmHealthSource(router)
    source.levelRestored?.('EMERGENCY')
    expect(source.llmProviders()).toContainEqual({ name: 'deepseek', isHealthy: true })
    expect(source.llmProviders()).toContainEqual({ name: 'ollama', isHealthy: false })
    // Never asked, nothing saved: not known to answer.
    expect(source.llmProviders()).toContainEqual({ name: 'openai', isHealthy: false })
    expect(router.health().models.find((model) => model.model === 'qwen')).toMatchObject({
      status: 'degraded',
      consecutiveFailures: 1,
    })
  })

  it('judges a provider by the models asked: a failing model is not hidden by a sibling never asked', async () => {
    const sonnet: ModelHealthRecord = {
      model: 'claude_sonnet',
      provider: 'anthropic',
      modelId: 'claude-sonnet-4-6',
      consecutiveFailures: 2,
      unhealthyUntilMs: null,
      lastError: { kind: 'overloaded', message: 'overloaded_error' },
      lastSuccessMs: null,
      updatedAtMs: 999_000,
    }
    // claude_opus, the same provider's other model, has never been asked.
    const failing = await routerWith({}, [sonnet])
    expect(llmProviderHealth(failing)).toContainEqual({ name: 'anthropic', isHealthy: false })

    const answered = { ...sonnet, consecutiveFailures: 0, lastError: null, lastSuccessMs: 999_000 }
    const healthy = await routerWith({}, [answered])
    expect(llmProviderHealth(healthy)).toContainEqual({ name: 'anthropic', isHealthy: true })
  })

  it.each(['NORMAL', 'REDUCED', 'LIMITED'] as const)(
    'leaves health as it is after a restart in %s, where calls go on',
    async (level) => {
      const router = await routerWith({})
      const source = llmHealthSource(router)
      source.levelRestored?.(level)
      expect(source.llmProviders().every((provider) => provider.isHealthy)).toBe(true)
    },
  )
})
