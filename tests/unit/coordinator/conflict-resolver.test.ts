import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  buildConflictPrompt,
  ConflictResolver,
  COORDINATOR_SYSTEM_PROMPT,
  type ResolutionPolicy,
  type ResolutionRequest,
} from '../../../src-main/engine/coordinator'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { answer, ScriptedModel, type ModelStep } from '../../fakes/coordinator/coordinator-fakes'

const REQUEST: ResolutionRequest = {
  correlationId: 'corr-1',
  symbol: 'BTC/USDT',
  signal: { symbol: 'BTC/USDT', action: 'BUY', confidence: 0.7 },
  conflicts: [
    {
      type: 'ta_sentiment',
      description: 'TA bias=long against sentiment bias=bearish confidence_diff=0.1',
      details: { confidence_diff: 0.1 },
    },
  ],
  context: { ta: { bias: 'long' } },
}
const FULL: ResolutionPolicy = { isLlmAllowed: true, isFallbackAllowed: true }

function setup(primary: ModelStep[], fallback: ModelStep[] | null = [answer('proceed')]) {
  const clock = new VirtualClock(1_000_000)
  const primaryModel = new ScriptedModel('deepseek', clock, primary)
  const fallbackModel = fallback === null ? null : new ScriptedModel('claude', clock, fallback)
  const resolver = new ConflictResolver({
    clock,
    logger: silentLogger(),
    models: { primary: primaryModel, fallback: fallbackModel },
    maxResolutionTimeMs: 10_000,
    modelTimeoutMs: 5_000,
  })
  /** Resolves on the virtual clock, advancing it until the resolution is done. */
  const resolve = async (policy: ResolutionPolicy = FULL) => {
    let result: Awaited<ReturnType<ConflictResolver['resolve']>> | undefined
    const pending = resolver.resolve(REQUEST, policy).then((value) => {
      result = value
    })
    while (result === undefined) await clock.advance(500)
    await pending
    return result
  }
  return { clock, primaryModel, fallbackModel, resolve }
}

describe('conflict resolution: primary, fallback, timeout, conservative default', () => {
  it('uses the primary answer', async () => {
    const { resolve, primaryModel, fallbackModel } = setup([
      answer('modify', { modifications: { position_size_pct: 5 } }, 0.7),
    ])
    const resolution = await resolve()
    expect(resolution).toMatchObject({
      action: 'modify',
      confidence: 0.7,
      reasoning: 'because modify',
      modifications: { position_size_pct: 5 },
      model: 'deepseek',
      usedDefault: false,
    })
    expect(resolution.attempts.map((attempt) => attempt.outcome)).toEqual(['answered'])
    expect(primaryModel.calls[0]?.prompt).toEqual(buildConflictPrompt(REQUEST))
    expect(primaryModel.calls[0]?.options.timeoutMs).toBe(5_000)
    expect(fallbackModel?.calls).toHaveLength(0)
  })

  it('asks the fallback when the primary fails', async () => {
    const { resolve, fallbackModel } = setup(
      [{ kind: 'fail', error: 'HTTP 503', afterMs: 300 }],
      [answer('abort', {}, 0.9)],
    )
    const resolution = await resolve()
    expect(resolution).toMatchObject({ action: 'abort', model: 'claude', usedDefault: false })
    expect(resolution.attempts).toEqual([
      { model: 'deepseek', outcome: 'failed', error: 'HTTP 503', latencyMs: 300 },
      { model: 'claude', outcome: 'answered', error: null, latencyMs: 0 },
    ])
    // The fallback gets the rest of the 10 s budget.
    expect(fallbackModel?.calls[0]?.options.timeoutMs).toBe(9_700)
  })

  it('asks the fallback when the primary could not be asked at all (no API key)', async () => {
    const { resolve } = setup(
      [{ kind: 'not_asked', error: 'model=deepseek unavailable: no API key' }],
      [answer('proceed')],
    )
    const resolution = await resolve()
    expect(resolution).toMatchObject({ action: 'proceed', model: 'claude', usedDefault: false })
    expect(resolution.attempts[0]).toEqual({
      model: 'deepseek',
      outcome: 'not_asked',
      error: 'model=deepseek unavailable: no API key',
      latencyMs: 0,
    })
  })

  it('asks the fallback when the primary times out, and aborts the primary call', async () => {
    const { resolve, primaryModel } = setup([{ kind: 'hang' }], [answer('proceed')])
    const resolution = await resolve()
    expect(resolution).toMatchObject({ action: 'proceed', model: 'claude' })
    expect(resolution.attempts[0]).toEqual({
      model: 'deepseek',
      outcome: 'timed_out',
      error: 'timeout_ms=5000',
      latencyMs: 5_000,
    })
    expect(primaryModel.aborted).toEqual([1_005_000])
  })

  it('falls back to the conservative default when the primary fails and the fallback times out', async () => {
    const { resolve, fallbackModel } = setup(
      [{ kind: 'fail', error: 'HTTP 500' }],
      [{ kind: 'hang' }],
    )
    const resolution = await resolve()
    expect(resolution).toEqual({
      action: 'wait',
      confidence: 0,
      reasoning: 'conservative default: deepseek=failed claude=timed_out',
      modifications: null,
      model: null,
      usedDefault: true,
      latencyMs: 10_000,
      attempts: [
        { model: 'deepseek', outcome: 'failed', error: 'HTTP 500', latencyMs: 0 },
        { model: 'claude', outcome: 'timed_out', error: 'timeout_ms=10000', latencyMs: 10_000 },
      ],
    })
    expect(fallbackModel?.aborted).toHaveLength(1)
  })

  it('never takes longer than max_resolution_time_ms when both models hang', async () => {
    const { resolve } = setup([{ kind: 'hang' }], [{ kind: 'hang' }])
    const resolution = await resolve()
    expect(resolution).toMatchObject({ action: 'wait', usedDefault: true, latencyMs: 10_000 })
    expect(resolution.attempts.map((attempt) => [attempt.outcome, attempt.latencyMs])).toEqual([
      ['timed_out', 5_000],
      ['timed_out', 5_000],
    ])
  })

  it('asks the fallback when the primary answers badly', async () => {
    const { resolve } = setup(
      [{ kind: 'answer', text: 'I am not sure, maybe buy?' }],
      [answer('wait', {}, 0.6)],
    )
    const resolution = await resolve()
    expect(resolution).toMatchObject({ action: 'wait', model: 'claude', usedDefault: false })
    expect(resolution.attempts[0]).toMatchObject({
      outcome: 'invalid',
      error: 'no JSON object in the answer',
    })
  })

  it('uses the default when both answers are malformed', async () => {
    const { resolve } = setup(
      [{ kind: 'answer', text: '{"action":"buy everything","confidence":1}' }],
      [{ kind: 'answer', text: '```json\n{"action":"modify","confidence":0.5}\n```' }],
    )
    const resolution = await resolve()
    expect(resolution).toMatchObject({
      action: 'wait',
      usedDefault: true,
      reasoning: 'conservative default: deepseek=invalid claude=invalid',
    })
  })

  it('uses the default when there is no fallback and the primary fails', async () => {
    const { resolve } = setup([{ kind: 'fail', error: 'down' }], null)
    expect(await resolve()).toMatchObject({ action: 'wait', usedDefault: true })
  })

  it('gives a lone primary the whole budget', async () => {
    const { resolve, primaryModel } = setup([answer('proceed')], null)
    await resolve()
    expect(primaryModel.calls[0]?.options.timeoutMs).toBe(10_000)
  })

  it('counts a model that returns no text as failed', async () => {
    const { resolve } = setup([{ kind: 'answer', text: undefined as unknown as string }], null)
    const resolution = await resolve()
    expect(resolution.attempts[0]).toMatchObject({
      outcome: 'failed',
      error: 'model returned no text',
    })
  })

  it('counts a model that throws synchronously as failed', async () => {
    const clock = new VirtualClock(0)
    const resolver = new ConflictResolver({
      clock,
      logger: silentLogger(),
      models: {
        primary: {
          name: 'thrower',
          complete: () => {
            throw new Error('sync')
          },
        },
      },
      maxResolutionTimeMs: 1_000,
      modelTimeoutMs: 1_000,
    })
    const resolution = await resolver.resolve(REQUEST, FULL)
    expect(resolution.attempts).toEqual([
      { model: 'thrower', outcome: 'failed', error: 'sync', latencyMs: 0 },
    ])
  })

  it('asks no model in EMERGENCY, and only the primary in LIMITED', async () => {
    const emergency = setup([answer('proceed')])
    const resolution = await emergency.resolve({ isLlmAllowed: false, isFallbackAllowed: false })
    expect(resolution).toMatchObject({
      action: 'wait',
      usedDefault: true,
      reasoning: 'conservative default: LLM not allowed at this degradation level',
      attempts: [],
    })
    expect(emergency.primaryModel.calls).toHaveLength(0)

    const limited = setup([{ kind: 'fail', error: 'down' }], [answer('proceed')])
    const limitedResolution = await limited.resolve({
      isLlmAllowed: true,
      isFallbackAllowed: false,
    })
    expect(limitedResolution).toMatchObject({ action: 'wait', usedDefault: true })
    expect(limited.fallbackModel?.calls).toHaveLength(0)
  })

  it('uses the default when no models are configured', async () => {
    const clock = new VirtualClock(0)
    const resolver = new ConflictResolver({
      clock,
      logger: silentLogger(),
      models: null,
      maxResolutionTimeMs: 1_000,
      modelTimeoutMs: 1_000,
    })
    expect(await resolver.resolve(REQUEST, FULL)).toMatchObject({
      action: 'wait',
      reasoning: 'conservative default: no conflict model configured',
    })
  })

  it('stops at once when the caller aborts', async () => {
    const { clock, primaryModel, fallbackModel } = setup([{ kind: 'hang' }], [{ kind: 'hang' }])
    const controller = new AbortController()
    const resolver = new ConflictResolver({
      clock,
      logger: silentLogger(),
      models: { primary: primaryModel, fallback: fallbackModel },
      maxResolutionTimeMs: 10_000,
      modelTimeoutMs: 5_000,
    })
    const pending = resolver.resolve(REQUEST, { ...FULL, signal: controller.signal })
    await clock.advance(1_000)
    controller.abort()
    const resolution = await pending
    expect(resolution).toMatchObject({ action: 'wait', usedDefault: true, latencyMs: 1_000 })
    expect(resolution.attempts).toHaveLength(1)
    expect(fallbackModel?.calls).toHaveLength(0)
  })

  it('builds a prompt with the system instructions, the signal and the conflicts', () => {
    const prompt = buildConflictPrompt(REQUEST)
    expect(prompt.system).toBe(COORDINATOR_SYSTEM_PROMPT)
    const body = JSON.parse(prompt.user.slice(prompt.user.indexOf('{'))) as Record<string, unknown>
    expect(body).toEqual({
      symbol: 'BTC/USDT',
      signal: REQUEST.signal,
      conflicts: [
        {
          type: 'ta_sentiment',
          description: 'TA bias=long against sentiment bias=bearish confidence_diff=0.1',
          details: { confidence_diff: 0.1 },
        },
      ],
      context: { ta: { bias: 'long' } },
    })
  })
})
