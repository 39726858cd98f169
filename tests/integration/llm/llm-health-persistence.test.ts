import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { llmError } from '../../../src-main/engine/llm/llm-error'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import type { LlmProvider, ProviderName } from '../../../src-main/engine/llm/llm-types'
import type {
  ModelHealthRecord,
  ModelHealthStore,
} from '../../../src-main/engine/llm/model-health-record'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import type { Logger } from '../../../src-main/engine/logging/logger'
import { LlmModelHealthRepository, schema, type Store } from '../../../src-main/engine/store'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { say, ScriptedProvider } from '../../helpers/llm/scripted-provider'
import { aTechnicalAnalysisRequest } from '../../helpers/llm/technical-analysis-request'
import { testStores, useTestStore } from '../../helpers/test-store'

const T0 = Date.UTC(2026, 0, 1)
const SPELL_MS = 300_000

const VALID_TA = {
  trend_direction: 'bullish',
  trend_strength: 0.7,
  momentum_score: 0.4,
  bias: 'long',
  confidence: 0.66,
  key_levels: { support: [48800], resistance: [50600] },
}

const request = aTechnicalAnalysisRequest()

/** A saved row as the repository writes it, for rows put in by hand. */
const aRow = (overrides: Partial<typeof schema.llmModelHealth.$inferInsert> = {}) => ({
  model: 'qwen',
  provider: 'ollama',
  modelId: 'qwen2.5:7b',
  consecutiveFailures: 2,
  unhealthyUntil: null,
  lastError: { kind: 'network', message: 'connect ECONNREFUSED' },
  lastSuccessAt: new Date(T0 - 60_000),
  updatedAt: new Date(T0 - 1_000),
  ...overrides,
})

describe.each(testStores())('LLM model health kept in the store on $name', (testStore) => {
  let store: Store
  useTestStore(
    testStore,
    (opened) => (store = opened),
    async (opened) => {
      await opened.db.delete(schema.llmModelHealth)
    },
  )

  /**
   * A router as the LLM layer builds one at start (restore, then availability) over the
   * store's health, with every provider scripted and keyed but OpenAI.
   */
  async function aRouter(
    clock: VirtualClock,
    options: { logger?: Logger; healthStore?: ModelHealthStore } = {},
  ) {
    const scripted = new Map<ProviderName, ScriptedProvider>()
    const providers = new Map<ProviderName, LlmProvider>()
    for (const name of ['ollama', 'openai', 'anthropic', 'deepseek', 'xai'] as const) {
      const provider = new ScriptedProvider(name)
      scripted.set(name, provider)
      providers.set(name, provider)
    }
    ;(scripted.get('openai') as ScriptedProvider).hasKey = false
    providers.set('rules', new RulesProvider())
    const router = new LlmRouter({
      config: shippedAgentsConfig(),
      providers,
      clock,
      logger: options.logger ?? capturingLogger().logger,
      healthStore: options.healthStore ?? new LlmModelHealthRepository(store.db),
    })
    await router.restoreHealth()
    await router.refreshAvailability()
    const provider = (name: ProviderName) => scripted.get(name) as ScriptedProvider
    return { router, provider }
  }

  const savedRows = async () =>
    (await new LlmModelHealthRepository(store.db).load()).sort((a, b) =>
      a.model.localeCompare(b.model),
    )
  const healthOf = (router: LlmRouter, model: string) =>
    router.health().models.find((health) => health.model === model)

  it('saves a model when a call changes its health, and only then', async () => {
    const clock = new VirtualClock(T0)
    const { router, provider } = await aRouter(clock)
    provider('ollama').enqueue('qwen2.5:7b', say.fail('network'))
    await router.ask('qwen', request)
    // Tell nothing of the model: no key (asked again at each start), an aborted run, the rules.
    await router.ask('gpt', request)
    provider('deepseek').enqueue('deepseek-v4-flash', say.fail('aborted'))
    await router.ask('deepseek', request)
    await router.ask('rules', request)
    await router.flushHealth()
    expect(await savedRows()).toEqual([
      {
        model: 'qwen',
        provider: 'ollama',
        modelId: 'qwen2.5:7b',
        consecutiveFailures: 1,
        unhealthyUntilMs: null,
        lastError: { kind: 'network', message: 'scripted network' },
        lastSuccessMs: null,
        updatedAtMs: T0,
      },
    ])

    await clock.advance(1_000)
    provider('ollama').enqueue('qwen2.5:7b', say.json(VALID_TA))
    expect(await router.ask('qwen', request)).toMatchObject({ ok: true })
    await router.flushHealth()
    expect(await savedRows()).toEqual([
      {
        model: 'qwen',
        provider: 'ollama',
        modelId: 'qwen2.5:7b',
        consecutiveFailures: 0,
        unhealthyUntilMs: null,
        lastError: null,
        lastSuccessMs: T0 + 1_000,
        updatedAtMs: T0 + 1_000,
      },
    ])
  })

  it('does not hold up a call while its health is saved', async () => {
    const clock = new VirtualClock(T0)
    const repository = new LlmModelHealthRepository(store.db)
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const slowStore: ModelHealthStore = {
      load: () => repository.load(),
      save: async (record) => {
        await held
        await repository.save(record)
      },
    }
    const { router, provider } = await aRouter(clock, { healthStore: slowStore })
    provider('ollama').enqueue('qwen2.5:7b', say.fail('network'))
    expect(await router.ask('qwen', request)).toMatchObject({ ok: false })
    expect(await savedRows()).toEqual([])
    release()
    await router.flushHealth()
    expect(await savedRows()).toMatchObject([{ model: 'qwen', consecutiveFailures: 1 }])
  })

  it('logs a save that failed and saves the model again when flushed', async () => {
    const clock = new VirtualClock(T0)
    const { logger, lines } = capturingLogger()
    const repository = new LlmModelHealthRepository(store.db)
    let failures = 1
    const flakyStore: ModelHealthStore = {
      load: () => repository.load(),
      save: (record: ModelHealthRecord) =>
        failures-- > 0 ? Promise.reject(new Error('connection lost')) : repository.save(record),
    }
    const { router, provider } = await aRouter(clock, { logger, healthStore: flakyStore })
    provider('ollama').enqueue('qwen2.5:7b', say.fail('network'))
    await router.ask('qwen', request)
    await router.flushHealth()
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        model: 'qwen',
        msg: 'could not save LLM model health; saving again at its next change',
        err: expect.objectContaining({ message: 'connection lost' }),
      }),
    )
    expect(await savedRows()).toMatchObject([{ model: 'qwen', consecutiveFailures: 1 }])
  })

  it('keeps a failing model unhealthy across a restart until its spell ends', async () => {
    const clock = new VirtualClock(T0)
    const before = await aRouter(clock)
    before.provider('ollama').enqueue('qwen2.5:7b', ...Array(3).fill(say.fail('network')))
    for (let call = 0; call < 3; call++) await before.router.ask('qwen', request)
    expect(healthOf(before.router, 'qwen')?.status).toBe('unhealthy')
    await before.router.flushHealth()

    await clock.advance(60_000)
    const after = await aRouter(clock)
    expect(healthOf(after.router, 'qwen')).toMatchObject({
      status: 'unhealthy',
      consecutiveFailures: 3,
      unhealthyUntilMs: T0 + SPELL_MS,
      lastError: llmError('network', 'scripted network'),
    })
    expect(await after.router.ask('qwen', request)).toMatchObject({
      ok: false,
      calls: 0,
      error: { kind: 'unhealthy' },
    })
    expect(after.provider('ollama').requests).toEqual([])

    // Once the spell ends the next call probes it, as without the restart.
    await clock.advance(SPELL_MS)
    expect(healthOf(after.router, 'qwen')?.status).toBe('degraded')
    after.provider('ollama').enqueue('qwen2.5:7b', say.json(VALID_TA))
    expect(await after.router.ask('qwen', request)).toMatchObject({ ok: true })
    expect(healthOf(after.router, 'qwen')?.status).toBe('healthy')
  })

  it('starts a model whose saved row does not validate fresh, says why, and restores the rest', async () => {
    await store.db
      .insert(schema.llmModelHealth)
      .values([
        aRow({ lastError: { kind: 'meltdown', message: 'x' } }),
        aRow({ model: 'deepseek', provider: 'deepseek', modelId: 'deepseek-v4-flash' }),
        aRow({ model: 'grok', provider: 'xai', modelId: 'grok-4-fast-non-reasoning' }),
      ])
    await store.db.insert(schema.llmModelHealth).values(
      aRow({
        model: 'claude_sonnet',
        provider: 'anthropic',
        modelId: 'claude-sonnet-4-6',
        consecutiveFailures: -1,
      }),
    )
    const { logger, lines } = capturingLogger()
    const { router } = await aRouter(new VirtualClock(T0), { logger })

    const errors = lines.filter((line) => line.level === 50)
    expect(errors.map((line) => line.model)).toEqual(
      expect.arrayContaining(['qwen', 'claude_sonnet']),
    )
    expect(errors).toHaveLength(2)
    expect(errors.find((line) => line.model === 'qwen')).toMatchObject({
      msg: 'saved LLM model health is invalid; the model starts with fresh health',
      problem: expect.stringMatching(
        /^invalid llm_model_health row model=qwen: field=lastError\.kind/,
      ),
    })
    expect(errors.find((line) => line.model === 'claude_sonnet')?.problem).toContain(
      'field=consecutiveFailures',
    )
    for (const model of ['qwen', 'claude_sonnet']) {
      expect(healthOf(router, model)).toMatchObject({
        status: 'healthy',
        consecutiveFailures: 0,
        lastError: null,
        lastSuccessMs: null,
      })
    }
    for (const model of ['deepseek', 'grok']) {
      expect(healthOf(router, model)).toMatchObject({
        status: 'degraded',
        consecutiveFailures: 2,
        lastSuccessMs: T0 - 60_000,
      })
    }
  })

  it('ignores the saved health of a model no longer in the catalogue, or of another model now under its key', async () => {
    await store.db
      .insert(schema.llmModelHealth)
      .values([
        aRow({ model: 'llama', modelId: 'llama3.1:8b' }),
        aRow({ model: 'qwen', modelId: 'qwen2.5:3b' }),
        aRow({ model: 'rules', provider: 'rules', modelId: 'rules-v1' }),
      ])
    const { logger, lines } = capturingLogger()
    const { router } = await aRouter(new VirtualClock(T0), { logger })
    expect(healthOf(router, 'qwen')).toMatchObject({ status: 'healthy', consecutiveFailures: 0 })
    expect(router.health().models.map((health) => health.model)).not.toContain('llama')
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([])
    for (const model of ['llama', 'rules']) {
      expect(lines).toContainEqual(
        expect.objectContaining({ model, msg: 'saved health of no catalogue LLM ignored' }),
      )
    }
    expect(healthOf(router, 'rules')).toMatchObject({ status: 'healthy', consecutiveFailures: 0 })
    expect(lines).toContainEqual(
      expect.objectContaining({
        model: 'qwen',
        savedModelId: 'qwen2.5:3b',
        msg: 'saved health of another model under this catalogue key ignored',
      }),
    )
  })

  it('starts every model fresh when the saved health cannot be read, and says so', async () => {
    const { logger, lines } = capturingLogger()
    const { router } = await aRouter(new VirtualClock(T0), {
      logger,
      healthStore: {
        load: () => Promise.reject(new Error('relation "llm_model_health" does not exist')),
        save: () => Promise.resolve(),
      },
    })
    expect(router.health().models.every((health) => health.status !== 'degraded')).toBe(true)
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: 'saved LLM model health could not be read; models start fresh',
      }),
    )
  })
})
