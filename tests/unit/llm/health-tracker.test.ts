import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  HealthTracker,
  providerHealthOf,
  type CallHealth,
} from '../../../src-main/engine/llm/health-tracker'
import { llmError } from '../../../src-main/engine/llm/llm-error'
import type { ModelSpec } from '../../../src-main/engine/llm/llm-types'

const spec = (key: string, provider: ModelSpec['provider'] = 'openai'): ModelSpec => ({
  key,
  provider,
  id: `${key}-id`,
  tier: 'api',
  contextTokens: 1000,
  maxOutputTokens: 100,
  inputPricePerMtok: 0,
  outputPricePerMtok: 0,
})

function tracker() {
  const clock = new VirtualClock(1_000)
  return {
    clock,
    health: new HealthTracker({ clock, failuresBeforeUnhealthy: 3, unhealthyMs: 60_000 }),
  }
}

const server = llmError('server', 'down')

describe('HealthTracker', () => {
  it('reports an unused model healthy', () => {
    const { health } = tracker()
    expect(health.models([spec('a')])).toEqual([
      {
        model: 'a',
        provider: 'openai',
        modelId: 'a-id',
        status: 'healthy',
        consecutiveFailures: 0,
        unhealthyUntilMs: null,
        lastError: null,
        lastSuccessMs: null,
        hasCallHistory: false,
      },
    ])
    expect(health.isUsable('a')).toBe(true)
  })

  it('degrades below the threshold and skips the model once it is reached', () => {
    const { health } = tracker()
    const model = spec('a')
    health.recordFailure(model, server)
    health.recordFailure(model, server)
    expect(health.models([model])[0]).toMatchObject({ status: 'degraded', consecutiveFailures: 2 })
    expect(health.isUsable('a')).toBe(true)
    health.recordFailure(model, server)
    expect(health.models([model])[0]).toMatchObject({
      status: 'unhealthy',
      unhealthyUntilMs: 61_000,
      lastError: server,
    })
    expect(health.isUsable('a')).toBe(false)
  })

  it('lets one probe through after the spell; a failed probe skips the model again at once', async () => {
    const { clock, health } = tracker()
    const model = spec('a')
    for (let index = 0; index < 3; index++) health.recordFailure(model, server)
    await clock.advance(60_000)
    expect(health.isUsable('a')).toBe(true)
    expect(health.models([model])[0]?.status).toBe('degraded')
    health.recordFailure(model, server)
    expect(health.isUsable('a')).toBe(false)
    expect(health.models([model])[0]?.unhealthyUntilMs).toBe(121_000)
  })

  it('tells whether a call has told anything of a model: a failure counted, or an answer', () => {
    const { health } = tracker()
    const [answers, fails, aborted, restored] = [spec('a'), spec('b'), spec('c'), spec('d')]
    for (const model of [answers, fails, aborted]) health.setAvailable(model, true)
    const historyOf = () =>
      health.models([answers, fails, aborted, restored]).map((model) => model.hasCallHistory)
    expect(historyOf()).toEqual([false, false, false, false])

    health.recordSuccess(answers)
    health.recordFailure(fails, server)
    // A call that says nothing of the provider tells nothing.
    health.recordFailure(aborted, llmError('aborted', 'run aborted'))
    health.restore('d', {
      consecutiveFailures: 0,
      unhealthyUntilMs: null,
      lastError: null,
      lastSuccessMs: 500,
    })
    expect(historyOf()).toEqual([true, true, false, true])
    // Never asked, a model reports healthy: nothing says otherwise.
    expect(health.models([aborted])[0]?.status).toBe('healthy')
  })

  it('makes a model not known to answer due a probe: never asked, or failing last', () => {
    const { health } = tracker()
    const [answers, fails, aborted] = [spec('a'), spec('b'), spec('c')]
    for (const model of [answers, fails, aborted]) health.setAvailable(model, true)
    expect(['a', 'b', 'c'].map((key) => health.isProbeDue(key))).toEqual([true, true, true])

    health.recordSuccess(answers)
    health.recordFailure(fails, server)
    health.recordFailure(aborted, llmError('aborted', 'run aborted'))
    expect(['a', 'b', 'c'].map((key) => health.isProbeDue(key))).toEqual([false, true, true])
    health.recordSuccess(fails)
    expect(health.isProbeDue('b')).toBe(false)
  })

  it('probes by restored health: a model that answered is not due, one that failed is', () => {
    const { health } = tracker()
    const answered = { consecutiveFailures: 0, unhealthyUntilMs: null, lastError: null }
    health.restore('a', { ...answered, lastSuccessMs: 500 })
    health.restore('b', {
      ...answered,
      consecutiveFailures: 1,
      lastError: server,
      lastSuccessMs: 500,
    })
    expect(['a', 'b'].map((key) => health.isProbeDue(key))).toEqual([false, true])
  })

  it('does not probe a model it cannot ask: no credentials, an SDK that fails, or none checked', () => {
    const { health } = tracker()
    const [keyless, broken] = [spec('a'), spec('b')]
    health.setAvailable(keyless, false)
    health.setAvailable(broken, true)
    health.setLoadError(broken, llmError('sdk_load_failed', 'x'))
    expect(['a', 'b', 'unchecked'].map((key) => health.isProbeDue(key))).toEqual([
      false,
      false,
      false,
    ])
  })

  it('restores saved call health: a model in its spell is skipped until it ends, then probed', async () => {
    const { clock, health } = tracker()
    const model = spec('a')
    health.restore('a', {
      consecutiveFailures: 3,
      unhealthyUntilMs: 31_000,
      lastError: server,
      lastSuccessMs: 200,
    })
    expect(health.models([model])[0]).toEqual({
      model: 'a',
      provider: 'openai',
      modelId: 'a-id',
      status: 'unhealthy',
      consecutiveFailures: 3,
      unhealthyUntilMs: 31_000,
      lastError: server,
      lastSuccessMs: 200,
      hasCallHistory: true,
    })
    expect(health.isUsable('a')).toBe(false)
    expect(health.isProbeDue('a')).toBe(false)
    await clock.advance(30_000)
    expect(health.models([model])[0]?.status).toBe('degraded')
    expect(health.isProbeDue('a')).toBe(true)
    // The count goes on from the saved one: a failed probe starts a new spell at once.
    health.recordFailure(model, server)
    expect(health.callHealth('a')).toMatchObject({
      consecutiveFailures: 4,
      unhealthyUntilMs: 91_000,
    })
  })

  it('restores a spell no longer than a new one: the setting may have been lowered meanwhile', () => {
    const { clock, health } = tracker()
    // Saved under a 1-hour spell; the tracker's spell is now 60 s.
    health.restore('a', {
      consecutiveFailures: 3,
      unhealthyUntilMs: clock.now() + 3_600_000,
      lastError: server,
      lastSuccessMs: null,
    })
    expect(health.callHealth('a').unhealthyUntilMs).toBe(clock.now() + 60_000)
  })

  it('reports each change of call health, and only those', () => {
    const clock = new VirtualClock(1_000)
    const changes: [string, CallHealth][] = []
    const health = new HealthTracker({
      clock,
      failuresBeforeUnhealthy: 2,
      unhealthyMs: 60_000,
      onCallHealthChange: (model, change) => changes.push([model.key, change]),
    })
    const model = spec('a')
    // Neither says anything of the model's answers: availability is asked again at each start.
    health.recordFailure(model, llmError('unavailable', 'no key'))
    health.recordFailure(model, llmError('aborted', 'run aborted'))
    health.setAvailable(model, true)
    health.setLoadError(model, llmError('sdk_load_failed', 'x'))
    health.setLoadError(model, null)
    expect(changes).toEqual([])

    health.recordFailure(model, server)
    health.recordFailure(model, server)
    health.recordSuccess(model)
    expect(changes).toEqual([
      [
        'a',
        { consecutiveFailures: 1, unhealthyUntilMs: null, lastError: server, lastSuccessMs: null },
      ],
      [
        'a',
        {
          consecutiveFailures: 2,
          unhealthyUntilMs: 61_000,
          lastError: server,
          lastSuccessMs: null,
        },
      ],
      [
        'a',
        { consecutiveFailures: 0, unhealthyUntilMs: null, lastError: null, lastSuccessMs: 1_000 },
      ],
    ])
    expect(health.callHealth('a')).toEqual(changes.at(-1)?.[1])
    expect(health.callHealth('never-asked')).toEqual({
      consecutiveFailures: 0,
      unhealthyUntilMs: null,
      lastError: null,
      lastSuccessMs: null,
    })
  })

  it('closes the circuit on success', () => {
    const { clock, health } = tracker()
    const model = spec('a')
    for (let index = 0; index < 3; index++) health.recordFailure(model, server)
    health.recordSuccess(model)
    expect(health.isUsable('a')).toBe(true)
    expect(health.models([model])[0]).toMatchObject({
      status: 'healthy',
      consecutiveFailures: 0,
      lastSuccessMs: clock.now(),
      lastError: null,
    })
  })

  it.each(['aborted', 'invalid_output', 'replay_miss', 'unhealthy', 'no_model'] as const)(
    'does not count %s against the model',
    (kind) => {
      const { health } = tracker()
      for (let index = 0; index < 5; index++) health.recordFailure(spec('a'), llmError(kind, 'x'))
      expect(health.models([spec('a')])[0]?.status).toBe('healthy')
    },
  )

  it('reports a provider without a key as unavailable until it works', () => {
    const { health } = tracker()
    const model = spec('a')
    health.recordFailure(model, llmError('unavailable', 'no key'))
    expect(health.models([model])[0]).toMatchObject({
      status: 'unavailable',
      consecutiveFailures: 0,
    })
    expect(health.isUsable('a')).toBe(true)
    health.setAvailable(model, true)
    expect(health.models([model])[0]?.status).toBe('healthy')
    health.setAvailable(model, false)
    health.recordSuccess(model)
    expect(health.models([model])[0]?.status).toBe('healthy')
  })

  it('marks a model whose SDK fails to load unhealthy at once, until it loads or answers', () => {
    const { health } = tracker()
    const model = spec('a')
    const loadFailure = llmError('sdk_load_failed', 'provider=openai sdk=openai failed to load: x')
    health.setLoadError(model, loadFailure)
    expect(health.models([model])[0]).toMatchObject({
      status: 'unhealthy',
      consecutiveFailures: 0,
      lastError: loadFailure,
    })
    // Still asked: each call tries the import again.
    expect(health.isUsable('a')).toBe(true)
    health.setLoadError(model, null)
    expect(health.models([model])[0]).toMatchObject({ status: 'healthy', lastError: null })

    health.setLoadError(model, loadFailure)
    health.recordSuccess(model)
    expect(health.models([model])[0]?.status).toBe('healthy')

    // A failing call that reached the provider proves the SDK loaded.
    health.setLoadError(model, loadFailure)
    health.recordFailure(model, server)
    expect(health.models([model])[0]).toMatchObject({ status: 'degraded', lastError: server })
  })

  it('says unavailable rather than unhealthy when the provider lost its key', () => {
    const { health } = tracker()
    const model = spec('a')
    health.setLoadError(model, llmError('sdk_load_failed', 'x'))
    health.setAvailable(model, false)
    expect(health.models([model])[0]?.status).toBe('unavailable')
  })

  it('gives each provider the best status among its models', () => {
    const { health } = tracker()
    const a = spec('a', 'openai')
    const b = spec('b', 'openai')
    const c = spec('c', 'anthropic')
    for (let index = 0; index < 3; index++) {
      health.recordFailure(a, server)
      health.recordFailure(c, server)
    }
    health.recordFailure(b, server)
    expect(providerHealthOf(health.models([a, b, c]))).toEqual([
      { provider: 'openai', status: 'degraded' },
      { provider: 'anthropic', status: 'unhealthy' },
    ])
  })
})
