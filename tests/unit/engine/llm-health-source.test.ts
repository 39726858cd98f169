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
import { say, ScriptedProvider } from '../../helpers/llm/scripted-provider'

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

/** A provider's reading: healthy, down, or not known yet (neither). */
const healthy = (name: string) => ({ name, isHealthy: true, isKnown: true })
const down = (name: string) => ({ name, isHealthy: false, isKnown: true })
const unknown = (name: string) => ({ name, isHealthy: true, isKnown: false })

describe('llmProviderHealth', () => {
  it('reports a provider with its key whose SDK fails to load as down, from the start', async () => {
    const router = await routerWith({ deepseek: brokenSdk('deepseek', true) })
    expect(llmProviderHealth(router)).toContainEqual(down('deepseek'))
    expect(llmProviderHealth(router)).toContainEqual(unknown('openai'))

    expect(await router.ask('deepseek', request)).toMatchObject({
      ok: false,
      error: { kind: 'sdk_load_failed' },
    })
    expect(llmProviderHealth(router)).toContainEqual(down('deepseek'))
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

  it('reports a provider none of whose models has been asked as not known, until one answers or fails', async () => {
    // A refused key is not retried (a retry would wait on the test clock).
    const refusing = new ScriptedProvider('openai').enqueue('gpt-4o', say.fail('auth'))
    const router = await routerWith({ deepseek: answering('deepseek'), openai: refusing })
    const source = llmHealthSource(router)
    // The rules are no LLM: never reported.
    expect(source.llmProviders()).toEqual(
      ['ollama', 'deepseek', 'anthropic', 'openai', 'xai'].map(unknown),
    )
    expect(await router.ask('deepseek', request)).toMatchObject({ ok: true })
    expect(source.llmProviders()).toContainEqual(healthy('deepseek'))
    expect(await router.ask('gpt', request)).toMatchObject({ ok: false })
    expect(source.llmProviders()).toContainEqual(down('openai'))
    expect(source.llmProviders()).toContainEqual(unknown('anthropic'))
  })

  it('judges a provider by its saved health after a restart, as if there had been none', async () => {
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
    expect(source.llmProviders()).toContainEqual(healthy('deepseek'))
    expect(source.llmProviders()).toContainEqual(down('ollama'))
    // Never asked, nothing saved.
    expect(source.llmProviders()).toContainEqual(unknown('openai'))
    expect(router.health().models.find((model) => model.model === 'qwen')).toMatchObject({
      status: 'degraded',
      consecutiveFailures: 1,
      hasCallHistory: true,
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
    expect(llmProviderHealth(failing)).toContainEqual(down('anthropic'))

    const answered = { ...sonnet, consecutiveFailures: 0, lastError: null, lastSuccessMs: 999_000 }
    const healthyAgain = await routerWith({}, [answered])
    expect(llmProviderHealth(healthyAgain)).toContainEqual(healthy('anthropic'))
  })
})
