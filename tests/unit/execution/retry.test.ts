import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { BrokerError } from '../../../src-main/engine/execution/broker/broker-error'
import { backoffDelayMs, withRetry } from '../../../src-main/engine/execution/retry'
import { drive } from '../../helpers/drive-clock'

describe('withRetry', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [2, 4000],
    [10, 60000],
  ])('backs off exponentially: attempt %d → %d ms', (attempt, delay) => {
    expect(backoffDelayMs(attempt, 1000)).toBe(delay)
  })

  it('retries temporary failures on the injected clock, then succeeds', async () => {
    const clock = new VirtualClock(0)
    const sleeps: number[] = []
    let calls = 0
    const promise = withRetry(
      async () => {
        calls++
        if (calls < 3) throw new BrokerError(calls === 1 ? 'temporary' : 'rate-limited', 'X')
        return 'ok'
      },
      { clock, maxRetries: 3, baseDelayMs: 1000, onRetry: (_e, _a, delay) => sleeps.push(delay) },
    )
    await expect(drive(clock, promise)).resolves.toBe('ok')
    expect(sleeps).toEqual([1000, 2000])
    expect(clock.now()).toBe(3000)
  })

  it('does not retry an error that calls for another action', async () => {
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw new BrokerError('invalid-order', 'NOPE')
        },
        { clock: new VirtualClock(0), maxRetries: 3, baseDelayMs: 1 },
      ),
    ).rejects.toMatchObject({ kind: 'invalid-order' })
    expect(calls).toBe(1)
  })

  it('gives up after maxRetries with the last error', async () => {
    const clock = new VirtualClock(0)
    let calls = 0
    const promise = withRetry(
      async () => {
        calls++
        throw new BrokerError('temporary', `T${calls}`)
      },
      { clock, maxRetries: 2, baseDelayMs: 10 },
    )
    await expect(drive(clock, promise)).rejects.toMatchObject({ message: 'T3' })
    expect(calls).toBe(3)
  })
})
