import { describe, expect, it } from 'vitest'
import { technicalAnalysisOutputSchema } from '../../../src-main/engine/agents/output-schemas'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { AgentsConfig } from '../../../src-main/engine/config/schemas/agents'
import type { LlmCallRecord } from '../../../src-main/engine/llm/llm-call-record'
import { LlmRouter, type RoutedRequest } from '../../../src-main/engine/llm/llm-router'
import type { LlmProvider, ProviderName } from '../../../src-main/engine/llm/llm-types'
import { scriptedSdk } from '../../helpers/llm/scripted-sdk'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import type { TechnicalAnalysisOutput } from '../../../src-main/engine/agents/output-schemas'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { say, ScriptedProvider } from '../../helpers/llm/scripted-provider'
import { aSnapshot } from '../../helpers/llm/snapshots'
import { driveClock } from '../../helpers/drive-clock'

const VALID_TA = {
  trend_direction: 'bullish',
  trend_strength: 0.7,
  momentum_score: 0.4,
  bias: 'long',
  confidence: 0.66,
  key_levels: { support: [48800], resistance: ['50600'] },
}

function setup(edit: (config: AgentsConfig) => void = () => {}) {
  const config = shippedAgentsConfig(edit)
  const clock = new VirtualClock(1_000_000)
  const { logger, lines } = capturingLogger()
  const scripted = new Map<ProviderName, ScriptedProvider>()
  const providers = new Map<ProviderName, LlmProvider>()
  for (const name of ['ollama', 'openai', 'anthropic', 'deepseek', 'xai'] as const) {
    const provider = new ScriptedProvider(name)
    scripted.set(name, provider)
    providers.set(name, provider)
  }
  providers.set('rules', new RulesProvider())
  const calls: LlmCallRecord[] = []
  const router = new LlmRouter({
    config,
    providers,
    clock,
    logger,
    calls: { record: async (call) => void calls.push(call) },
  })
  const provider = (name: ProviderName) => scripted.get(name) as ScriptedProvider
  return { router, clock, calls, logs: lines, provider, providers, config, logger }
}

const taRequest = (
  overrides: Partial<RoutedRequest<TechnicalAnalysisOutput>> = {},
): RoutedRequest<TechnicalAnalysisOutput> => ({
  agent: 'technical_analysis',
  correlationId: 'corr-1',
  schema: technicalAnalysisOutputSchema,
  schemaName: 'TechnicalAnalysis',
  prompt: (model) => ({
    system: `system for ${model.tier}`,
    messages: [{ role: 'user', content: 'analyse' }],
  }),
  task: { kind: 'technical_analysis', snapshot: aSnapshot() },
  ...overrides,
})

const coordinatorRequest = () =>
  taRequest({
    agent: 'coordinator',
    correlationId: 'corr-2',
  }) as RoutedRequest<TechnicalAnalysisOutput>

describe('LlmRouter chains', () => {
  it('lists the route, its fallbacks and the offline fallback once', () => {
    const { router } = setup()
    expect(router.chain('technical_analysis')).toEqual(['qwen', 'rules'])
    expect(router.chain('coordinator')).toEqual(['deepseek', 'claude_sonnet', 'rules'])
    expect(router.chain('sentiment')).toEqual(['grok', 'gpt', 'rules'])
    expect(router.chain('trading_decision')).toEqual([
      'qwen',
      'deepseek',
      'claude_sonnet',
      'claude_opus',
      'gpt',
      'grok',
    ])
    expect(router.timeoutMs('trading_decision')).toBe(30_000)
    expect(router.timeoutMs('coordinator')).toBe(10_000)
  })

  it('adds no offline fallback when none is configured', () => {
    const { router } = setup((config) => {
      config.llm.offline_fallback = null
    })
    expect(router.chain('sentiment')).toEqual(['grok', 'gpt'])
  })
})

describe('LlmRouter.complete', () => {
  it('returns the first model valid answer with accounting, prices as decimal strings', async () => {
    const { router, provider, calls } = setup()
    provider('ollama').enqueue('qwen2.5:7b', { text: JSON.stringify(VALID_TA), usage: [1000, 50] })
    const result = await router.complete(taRequest())
    expect(result).toMatchObject({
      ok: true,
      model: { key: 'qwen' },
      wasRepaired: false,
      calls: 1,
      usage: { inputTokens: 1000, outputTokens: 50 },
      failures: [],
    })
    if (!result.ok) return
    expect(result.value.key_levels).toEqual({ support: ['48800'], resistance: ['50600'] })
    const sent = provider('ollama').requests[0]
    expect(sent).toMatchObject({
      system: 'system for local',
      temperature: 0.2,
      timeoutMs: 30_000,
      jsonSchema: { name: 'TechnicalAnalysis' },
    })
    expect(sent?.task?.kind).toBe('technical_analysis')
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({
      agent: 'technical_analysis',
      provider: 'ollama',
      model: 'qwen2.5:7b',
      correlationId: 'corr-1',
      purpose: 'answer',
      isSuccess: true,
      error: null,
    })
    expect(calls[0]?.requestHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('falls back along the chain and reports the failures before the answer', async () => {
    const { router, provider } = setup()
    provider('deepseek').enqueue('deepseek-v4-flash', say.fail('auth'))
    provider('anthropic').enqueue('claude-sonnet-4-6', say.json(VALID_TA))
    const result = await router.complete(coordinatorRequest())
    expect(result).toMatchObject({ ok: true, model: { key: 'claude_sonnet' } })
    expect(result.failures.map((failure) => [failure.model?.key, failure.error.kind])).toEqual([
      ['deepseek', 'auth'],
    ])
  })

  it('ends at the rules provider when every model fails', async () => {
    const { router, provider } = setup()
    provider('deepseek').enqueue('deepseek-v4-flash', say.fail('not_found'))
    provider('anthropic').enqueue('claude-sonnet-4-6', say.fail('bad_request'))
    const result = await router.complete(coordinatorRequest())
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(result.failures).toHaveLength(2)
  })

  it('accounts the models it asked, not the rules answer after them', async () => {
    const { router, provider, calls } = setup()
    provider('deepseek').enqueue('deepseek-v4-flash', say.fail('not_found'))
    provider('anthropic').enqueue('claude-sonnet-4-6', say.fail('bad_request'))
    const result = await router.complete(coordinatorRequest())
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(calls.map((call) => [call.provider, call.isSuccess])).toEqual([
      ['deepseek', false],
      ['anthropic', false],
    ])
  })

  it('returns the last failure when nothing answers', async () => {
    const { router, provider } = setup((config) => {
      config.llm.offline_fallback = null
    })
    provider('xai').enqueue('grok-4-fast-non-reasoning', say.fail('network'))
    provider('openai').enqueue('gpt-4o', say.fail('timeout'))
    const result = await router.complete(taRequest({ agent: 'sentiment' }))
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' }, model: { key: 'gpt' } })
    expect(result.failures.map((failure) => failure.error.kind)).toEqual(['network'])
  })

  it('stops the chain when the caller aborts', async () => {
    const { router, provider } = setup()
    provider('deepseek').enqueue('deepseek-v4-flash', say.fail('aborted'))
    const result = await router.complete(coordinatorRequest())
    expect(result).toMatchObject({ ok: false, error: { kind: 'aborted' } })
    expect(provider('anthropic').requests).toHaveLength(0)
  })

  it('refuses an empty chain', async () => {
    const { router } = setup()
    const result = await router.complete(taRequest({ models: [] }))
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'no_model' },
      model: null,
      failures: [],
    })
  })
})

describe('LlmRouter retries', () => {
  it('retries a rate limit after the delay the provider asked for', async () => {
    const { router, provider, clock, calls } = setup()
    provider('deepseek').enqueue(
      'deepseek-v4-flash',
      say.fail('rate_limited', 2_000),
      say.json(VALID_TA),
    )
    const started = clock.now()
    const result = await driveClock(clock, router.complete(coordinatorRequest()))
    expect(result).toMatchObject({ ok: true, model: { key: 'deepseek' }, calls: 2 })
    expect(clock.now() - started).toBe(2_000)
    expect(result.latencyMs).toBe(2_000)
    expect(calls.map((call) => [call.purpose, call.isSuccess])).toEqual([
      ['answer', false],
      ['retry', true],
    ])
    expect(calls[0]?.error).toBe('rate_limited: scripted rate_limited')
  })

  it('backs off exponentially and gives up after llm.max_retries', async () => {
    const { router, provider, clock } = setup((config) => {
      config.llm.max_retries = 2
      config.llm.failures_before_unhealthy = 10
    })
    provider('deepseek').enqueue(
      'deepseek-v4-flash',
      say.fail('overloaded'),
      say.fail('server'),
      say.fail('server'),
    )
    provider('anthropic').enqueue('claude-sonnet-4-6', say.json(VALID_TA))
    const started = clock.now()
    const result = await driveClock(clock, router.complete(coordinatorRequest()))
    expect(provider('deepseek').requests).toHaveLength(3)
    expect(clock.now() - started).toBe(500 + 1_000)
    expect(result).toMatchObject({ ok: true, model: { key: 'claude_sonnet' } })
    expect(result.failures[0]).toMatchObject({ error: { kind: 'server' }, calls: 3 })
  })

  it.each(['auth', 'not_found', 'bad_request', 'timeout', 'network'] as const)(
    'does not retry %s',
    async (kind) => {
      const { router, provider } = setup()
      provider('deepseek').enqueue('deepseek-v4-flash', say.fail(kind), say.json(VALID_TA))
      expect(await router.ask('deepseek', coordinatorRequest())).toMatchObject({
        ok: false,
        error: { kind },
      })
      expect(provider('deepseek').requests).toHaveLength(1)
    },
  )

  it('caps the delay a provider asks for', async () => {
    const { router, provider, clock } = setup()
    provider('deepseek').enqueue(
      'deepseek-v4-flash',
      say.fail('rate_limited', 3_600_000),
      say.json(VALID_TA),
    )
    const started = clock.now()
    await driveClock(clock, router.complete(coordinatorRequest()))
    expect(clock.now() - started).toBe(30_000)
  })

  it('does not retry past the budget', async () => {
    const { router, provider } = setup()
    provider('deepseek').enqueue(
      'deepseek-v4-flash',
      say.fail('rate_limited', 5_000),
      say.json(VALID_TA),
    )
    const result = await router.ask('deepseek', { ...coordinatorRequest(), budgetMs: 4_000 })
    expect(result).toMatchObject({ ok: false, error: { kind: 'rate_limited' } })
    expect(provider('deepseek').requests).toHaveLength(1)
  })

  it('gives each call only the budget left, and none once it is spent', async () => {
    const { router, provider } = setup()
    provider('deepseek').enqueue('deepseek-v4-flash', say.json(VALID_TA))
    await router.ask('deepseek', { ...coordinatorRequest(), budgetMs: 1_234 })
    expect(provider('deepseek').requests[0]?.timeoutMs).toBe(1_234)
    const late = await router.ask('deepseek', { ...coordinatorRequest(), budgetMs: 0 })
    expect(late).toMatchObject({ ok: false, error: { kind: 'timeout' }, calls: 0 })
    expect(provider('deepseek').requests).toHaveLength(1)
    expect(router.health().models.find((model) => model.model === 'deepseek')?.status).toBe(
      'healthy',
    )
  })

  it('spends the budget on call latencies and backoffs, not on clock time', async () => {
    const { config, providers, provider, clock, logger } = setup()
    // A slow store: every accounting row takes 10 s of clock time. A replay of this run
    // has no such gaps, so counting them would make it decide differently.
    const router = new LlmRouter({
      config,
      providers,
      clock,
      logger,
      calls: { record: () => clock.advance(10_000) },
    })
    provider('deepseek').enqueue(
      'deepseek-v4-flash',
      { error: 'overloaded', latencyMs: 300 },
      say.json(VALID_TA, 200),
    )
    const result = await driveClock(
      clock,
      router.ask('deepseek', { ...coordinatorRequest(), budgetMs: 1_500 }),
    )
    expect(result).toMatchObject({ ok: true, calls: 2, latencyMs: 300 + 500 + 200 })
    expect(provider('deepseek').requests.map((request) => request.timeoutMs)).toEqual([
      1_500,
      1_500 - 300 - 500,
    ])
  })

  it('shares the budget along the chain; once spent, only the rules, which take no time, answer', async () => {
    const { router, provider } = setup()
    provider('deepseek').enqueue('deepseek-v4-flash', { error: 'not_found', latencyMs: 600 })
    provider('anthropic').enqueue('claude-sonnet-4-6', { error: 'timeout', latencyMs: 400 })
    const result = await router.complete({ ...coordinatorRequest(), budgetMs: 1_000 })
    expect(provider('anthropic').requests[0]?.timeoutMs).toBe(400)
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(result.failures.map((failure) => failure.model?.key)).toEqual([
      'deepseek',
      'claude_sonnet',
    ])
    // A model after the spent budget is not asked at all.
    provider('deepseek').enqueue('deepseek-v4-flash', { error: 'timeout', latencyMs: 1_000 })
    const spent = await router.complete({ ...coordinatorRequest(), budgetMs: 1_000 })
    expect(spent).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(provider('anthropic').requests).toHaveLength(1)
  })

  it('stops retrying when the caller aborted during the backoff', async () => {
    const { router, provider, clock } = setup()
    const controller = new AbortController()
    provider('deepseek').enqueue('deepseek-v4-flash', say.fail('server'), say.json(VALID_TA))
    const pending = router.ask('deepseek', { ...coordinatorRequest(), signal: controller.signal })
    controller.abort()
    const result = await driveClock(clock, pending)
    expect(result).toMatchObject({ ok: false, error: { kind: 'server' } })
    expect(provider('deepseek').requests).toHaveLength(1)
  })
})

describe('LlmRouter validation and repair', () => {
  it('asks once for a repair, quoting the problem, and accepts the repaired answer', async () => {
    const { router, provider, calls } = setup()
    provider('ollama').enqueue(
      'qwen2.5:7b',
      say.json({ ...VALID_TA, confidence: 'high' }),
      say.json(VALID_TA),
    )
    const result = await router.complete(taRequest())
    expect(result).toMatchObject({ ok: true, model: { key: 'qwen' }, wasRepaired: true, calls: 2 })
    const repair = provider('ollama').requests[1]
    expect(repair?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(repair?.messages[1]?.content).toContain('"confidence":"high"')
    expect(repair?.messages[2]?.content).toMatch(/confidence: /)
    expect(calls.map((call) => call.purpose)).toEqual(['answer', 'repair'])
  })

  it('reads an optional field written as null as left out, without a repair', async () => {
    const { router, provider, calls } = setup()
    provider('ollama').enqueue('qwen2.5:7b', say.json({ ...VALID_TA, reasoning: null }))
    const result = await router.complete(taRequest())
    expect(result).toMatchObject({ ok: true, wasRepaired: false, calls: 1 })
    expect(result).toMatchObject({ value: { bias: 'long', confidence: 0.66 } })
    expect(result.ok && 'reasoning' in result.value).toBe(false)
    expect(calls.map((call) => call.purpose)).toEqual(['answer'])
  })

  it('still asks for a repair when a required field is null', async () => {
    const { router, provider } = setup()
    provider('ollama').enqueue(
      'qwen2.5:7b',
      say.json({ ...VALID_TA, confidence: null }),
      say.json(VALID_TA),
    )
    const result = await router.complete(taRequest())
    expect(result).toMatchObject({ ok: true, wasRepaired: true, calls: 2 })
  })

  it('gives up after one repair and moves on, keeping the bad text', async () => {
    const { router, provider } = setup()
    provider('ollama').enqueue(
      'qwen2.5:7b',
      say.text('{"trend_direction": "up'),
      say.text('still not json'),
    )
    const result = await router.complete(taRequest())
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(result.failures[0]).toMatchObject({
      error: { kind: 'invalid_output' },
      text: 'still not json',
      calls: 2,
    })
    expect(result.failures[0]?.error.message).toMatch(/model=qwen invalid after repair: /)
    expect(router.health().models.find((model) => model.model === 'qwen')?.status).toBe('healthy')
  })

  it('reports a failed repair call with the first answer text', async () => {
    const { router, provider } = setup()
    provider('ollama').enqueue('qwen2.5:7b', say.text('nope'), say.fail('network'))
    const result = await router.ask('qwen', taRequest())
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' }, text: 'nope', calls: 2 })
  })
})

describe('LlmRouter health', () => {
  it('skips a model that keeps failing until its spell ends', async () => {
    const { router, provider, clock } = setup((config) => {
      config.llm.max_retries = 0
    })
    for (let run = 0; run < 3; run++) {
      provider('ollama').enqueue('qwen2.5:7b', say.fail('server'))
      await router.complete(taRequest())
    }
    expect(router.health().models.find((model) => model.model === 'qwen')).toMatchObject({
      status: 'unhealthy',
      consecutiveFailures: 3,
      unhealthyUntilMs: clock.now() + 300_000,
    })
    const skipped = await router.complete(taRequest())
    expect(skipped).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(skipped.failures[0]).toMatchObject({ error: { kind: 'unhealthy' }, calls: 0 })
    expect(provider('ollama').requests).toHaveLength(3)
    expect(router.health().providers).toContainEqual({ provider: 'ollama', status: 'unhealthy' })

    await clock.advance(300_000)
    provider('ollama').enqueue('qwen2.5:7b', say.json(VALID_TA))
    expect(await router.complete(taRequest())).toMatchObject({ ok: true, model: { key: 'qwen' } })
    expect(router.health().models.find((model) => model.model === 'qwen')?.status).toBe('healthy')
  })

  it('stops retrying a model the moment it turns unhealthy', async () => {
    const { router, provider, clock } = setup((config) => {
      config.llm.max_retries = 5
      config.llm.failures_before_unhealthy = 2
    })
    provider('ollama').enqueue(
      'qwen2.5:7b',
      say.fail('server', 1),
      say.fail('server', 1),
      say.json(VALID_TA),
    )
    const result = await driveClock(clock, router.ask('qwen', taRequest()))
    expect(result).toMatchObject({ ok: false, calls: 2 })
  })

  it('marks providers without credentials unavailable', async () => {
    const { router, provider } = setup()
    provider('xai').hasKey = false
    await router.refreshAvailability()
    const health = router.health()
    expect(health.models.find((model) => model.model === 'grok')?.status).toBe('unavailable')
    expect(health.providers).toContainEqual({ provider: 'xai', status: 'unavailable' })
    expect(health.models.find((model) => model.model === 'rules')?.status).toBe('healthy')
  })

  it('does not ask a model whose provider has no key, until a key is there', async () => {
    const { router, provider, clock } = setup()
    provider('xai').hasKey = false
    await router.refreshAvailability()
    const skipped = await router.ask('grok', taRequest())
    expect(skipped).toMatchObject({ ok: false, calls: 0, error: { kind: 'unavailable' } })
    expect(provider('xai').requests).toHaveLength(0)
    provider('xai').hasKey = true
    await router.refreshAvailability()
    provider('xai').enqueue('grok-4-fast-non-reasoning', say.json(VALID_TA))
    expect(await driveClock(clock, router.ask('grok', taRequest()))).toMatchObject({ ok: true })
    expect(provider('xai').requests).toHaveLength(1)
  })

  it('marks a keyed provider whose SDK fails to load unhealthy at refresh, before any call', async () => {
    const { router, providers, calls, logs } = setup()
    const message = "provider=xai sdk=openai failed to load: Cannot find module 'openai'"
    const requireStack = "Cannot find module 'openai'\nRequire stack:\n- /app/out/main/index.js"
    providers.set(
      'xai',
      scriptedSdk({ name: 'xai', failures: [requireStack, requireStack] }).provider,
    )
    await router.refreshAvailability()
    const health = router.health()
    expect(health.providers).toContainEqual({ provider: 'xai', status: 'unhealthy' })
    expect(health.models.find((model) => model.model === 'grok')).toMatchObject({
      status: 'unhealthy',
      consecutiveFailures: 0,
      lastError: { kind: 'sdk_load_failed', message },
    })
    expect(calls).toHaveLength(0)
    expect(logs).toContainEqual(
      expect.objectContaining({
        provider: 'xai',
        error: message,
        msg: 'LLM provider SDK failed to load; its models are unhealthy until it loads',
      }),
    )

    // A call fails fast with the same error, and nothing with a stack is stored.
    const failed = await router.ask('grok', taRequest())
    expect(failed).toMatchObject({
      ok: false,
      calls: 1,
      latencyMs: 0,
      error: { kind: 'sdk_load_failed', message },
    })
    expect(calls.map((call) => call.error)).toEqual([`sdk_load_failed: ${message}`])
  })

  it('keeps asking a keyed provider whose SDK failed to load, counting each failure, until it loads', async () => {
    const { router, providers, clock } = setup()
    const missing = "Cannot find module 'openai'"
    const { provider: xai, loads } = scriptedSdk({
      name: 'xai',
      failures: [missing, missing],
      loaded: () => new ScriptedProvider('xai', () => say.json(VALID_TA)),
    })
    providers.set('xai', xai)
    await router.refreshAvailability()
    expect(loads()).toBe(1)
    const grok = () => router.health().models.find((model) => model.model === 'grok')
    expect(grok()).toMatchObject({ status: 'unhealthy', consecutiveFailures: 0 })

    const failed = await router.ask('grok', taRequest())
    expect(failed).toMatchObject({ ok: false, calls: 1, error: { kind: 'sdk_load_failed' } })
    // Broken, not unconfigured: a failure like any other, and the provider is asked again.
    expect(grok()).toMatchObject({ status: 'unhealthy', consecutiveFailures: 1 })
    expect(loads()).toBe(2)

    expect(await driveClock(clock, router.ask('grok', taRequest()))).toMatchObject({ ok: true })
    expect(loads()).toBe(3)
    expect(grok()).toMatchObject({ status: 'healthy', consecutiveFailures: 0, lastError: null })
    expect(router.health().providers).toContainEqual({ provider: 'xai', status: 'healthy' })
  })

  it('clears the unhealthy mark when a later refresh loads the SDK', async () => {
    const { router, providers } = setup()
    providers.set('xai', scriptedSdk({ name: 'xai', failures: ['disk hiccup'] }).provider)
    await router.refreshAvailability()
    expect(router.health().providers).toContainEqual({ provider: 'xai', status: 'unhealthy' })
    await router.refreshAvailability()
    expect(router.health().providers).toContainEqual({ provider: 'xai', status: 'healthy' })
    expect(router.health().models.find((model) => model.model === 'grok')?.lastError).toBeNull()
  })

  it('loads no SDK for a provider without its key', async () => {
    const { router, providers } = setup()
    const { provider: xai, loads } = scriptedSdk({ name: 'xai', isConfigured: () => false })
    providers.set('xai', xai)
    await router.refreshAvailability()
    expect(loads()).toBe(0)
    expect(router.health().providers).toContainEqual({ provider: 'xai', status: 'unavailable' })
  })

  it('treats a catalogue provider that is not set up as unavailable', async () => {
    const { config, clock, logger } = setup()
    const router = new LlmRouter({ config, providers: new Map(), clock, logger })
    await router.refreshAvailability()
    expect(router.health().providers.every((entry) => entry.status === 'unavailable')).toBe(true)
    const result = await router.ask('qwen', taRequest())
    expect(result).toMatchObject({ ok: false, error: { kind: 'no_model' }, model: { key: 'qwen' } })
  })
})

describe('LlmRouter rules-only mode', () => {
  it('asks only the rules provider and logs the switch', async () => {
    const { router, provider, logs } = setup()
    router.setRulesOnly(true)
    expect(router.isRulesOnly).toBe(true)
    const result = await router.complete(coordinatorRequest())
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(provider('deepseek').requests).toHaveLength(0)
    expect(logs.some((line) => line.msg === 'LLM router rules-only mode changed')).toBe(true)
    router.setRulesOnly(false)
    expect(router.isRulesOnly).toBe(false)
  })

  it('probes a model that failed, once its unhealthy spell is over, and uses its answer', async () => {
    const { router, provider, clock } = setup((config) => {
      config.llm.max_retries = 0
    })
    for (let run = 0; run < 3; run++) {
      provider('ollama').enqueue('qwen2.5:7b', say.fail('network'))
      await router.complete(taRequest())
    }
    router.setRulesOnly(true)
    // In its spell: the rules alone.
    expect(await router.complete(taRequest())).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(provider('ollama').requests).toHaveLength(3)
    // The spell is over: asked once first; still failing, a new spell and the rules answer.
    await clock.advance(300_000)
    provider('ollama').enqueue('qwen2.5:7b', say.fail('network'))
    expect(await router.complete(taRequest())).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(await router.complete(taRequest())).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(provider('ollama').requests).toHaveLength(4)
    // Back after the next spell: its answer is used and it is healthy, so the level can recover.
    await clock.advance(300_000)
    provider('ollama').enqueue('qwen2.5:7b', say.json(VALID_TA))
    expect(await router.complete(taRequest())).toMatchObject({ ok: true, model: { key: 'qwen' } })
    expect(router.health().models.find((model) => model.model === 'qwen')?.status).toBe('healthy')
    // Healthy again, it is not probed: rules-only asks the rules until the level changes.
    expect(await router.complete(taRequest())).toMatchObject({ ok: true, model: { key: 'rules' } })
  })

  it('probes a model never asked (as after a restart), once, and uses its answer', async () => {
    const { router, provider } = setup()
    // As at start: the credentials are checked before any call.
    await router.refreshAvailability()
    router.setRulesOnly(true)
    provider('ollama').enqueue('qwen2.5:7b', say.json(VALID_TA))
    expect(await router.complete(taRequest())).toMatchObject({ ok: true, model: { key: 'qwen' } })
    expect(router.health().models.find((model) => model.model === 'qwen')).toMatchObject({
      status: 'healthy',
      hasCallHistory: true,
    })
    // Known to answer now: rules-only asks the rules until the level changes.
    expect(await router.complete(taRequest())).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(provider('ollama').requests).toHaveLength(1)
  })

  it('builds a prompt for a model that reads it, never for the rules provider', async () => {
    const { router, provider } = setup()
    const promptedFor: string[] = []
    const request = taRequest({
      prompt: (model) => {
        promptedFor.push(model.key)
        return { system: 'system', messages: [{ role: 'user', content: 'analyse' }] }
      },
    })
    provider('ollama').enqueue('qwen2.5:7b', { text: JSON.stringify(VALID_TA), usage: [10, 5] })
    await router.complete(request)
    router.setRulesOnly(true)
    const result = await router.complete(request)
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(promptedFor).toEqual(['qwen'])
  })

  it('uses the offline fallback for a chain without rules, and nothing without one', async () => {
    const { router } = setup()
    router.setRulesOnly(true)
    expect(await router.complete(taRequest({ models: ['gpt'] }))).toMatchObject({
      ok: true,
      model: { key: 'rules' },
    })
    const bare = setup((config) => {
      config.llm.offline_fallback = null
    })
    bare.router.setRulesOnly(true)
    expect(await bare.router.complete(taRequest({ models: ['gpt'] }))).toMatchObject({
      ok: false,
      error: { kind: 'no_model' },
    })
  })
})

describe('LlmRouter edges', () => {
  it('refuses a model the catalogue lacks', async () => {
    const { router } = setup()
    expect(await router.ask('nope', taRequest())).toMatchObject({
      ok: false,
      error: { kind: 'no_model', message: 'model=nope is not in the catalogue' },
      model: null,
    })
  })

  it('logs and survives a failing call sink', async () => {
    const { config, clock, logger, providers, logs, provider } = setup()
    const router = new LlmRouter({
      config,
      providers,
      clock,
      logger,
      calls: {
        record: async () => {
          throw new Error('db down')
        },
      },
    })
    provider('ollama').enqueue('qwen2.5:7b', say.json(VALID_TA))
    const result = await router.complete(taRequest({ models: ['qwen'] }))
    expect(result.ok).toBe(true)
    expect(logs.some((line) => line.msg === 'could not store LLM call')).toBe(true)
  })

  it('honours an explicit timeout and temperature', async () => {
    const { router, provider } = setup()
    provider('ollama').enqueue('qwen2.5:7b', say.json(VALID_TA))
    await router.complete(taRequest({ timeoutMs: 1_500, temperature: 0 }))
    expect(provider('ollama').requests[0]).toMatchObject({ timeoutMs: 1_500, temperature: 0 })
  })
})
