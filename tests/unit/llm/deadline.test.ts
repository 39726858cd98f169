import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { callWithDeadline } from '../../../src-main/engine/llm/deadline'

const never = () => new Promise<never>(() => {})

describe('callWithDeadline', () => {
  it('returns the value and clears its timer', async () => {
    const clock = new VirtualClock()
    const outcome = await callWithDeadline(clock, 1000, undefined, async () => 42)
    expect(outcome).toEqual({ kind: 'value', value: 42 })
    expect(clock.pendingTimers()).toBe(0)
  })

  it('returns what the work threw', async () => {
    const clock = new VirtualClock()
    const error = new Error('boom')
    const outcome = await callWithDeadline(clock, 1000, undefined, async () => {
      throw error
    })
    expect(outcome).toEqual({ kind: 'error', error })
  })

  it('returns what the work threw synchronously, and clears its timer', async () => {
    const clock = new VirtualClock()
    const controller = new AbortController()
    const error = new TypeError('Invalid URL')
    const outcome = await callWithDeadline(clock, 1000, controller.signal, () => {
      throw error
    })
    expect(outcome).toEqual({ kind: 'error', error })
    expect(clock.pendingTimers()).toBe(0)
  })

  it('times out on the clock even when the work ignores its signal, and aborts the signal', async () => {
    const clock = new VirtualClock()
    let seen: AbortSignal | undefined
    const pending = callWithDeadline(clock, 500, undefined, (signal) => {
      seen = signal
      return never()
    })
    await clock.advance(499)
    expect(seen?.aborted).toBe(false)
    await clock.advance(1)
    expect(await pending).toEqual({ kind: 'timeout' })
    expect(seen?.aborted).toBe(true)
  })

  it('stops when the caller aborts', async () => {
    const clock = new VirtualClock()
    const controller = new AbortController()
    const pending = callWithDeadline(clock, 500, controller.signal, never)
    controller.abort()
    expect(await pending).toEqual({ kind: 'aborted' })
    expect(clock.pendingTimers()).toBe(0)
  })

  it('does not start work for an already aborted caller', async () => {
    const clock = new VirtualClock()
    const controller = new AbortController()
    controller.abort()
    let started = false
    const outcome = await callWithDeadline(clock, 500, controller.signal, async () => {
      started = true
    })
    expect(outcome).toEqual({ kind: 'aborted' })
    expect(started).toBe(false)
  })
})
