import { afterEach, describe, expect, it, vi } from 'vitest'
import { SystemClock } from '../../../src-main/engine/clock'

describe('SystemClock', () => {
  it('reads wall-clock time', () => {
    const clock = new SystemClock()
    const before = Date.now()
    const now = clock.now()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })

  it('fires a timeout once and sleeps', async () => {
    const clock = new SystemClock()
    let count = 0
    clock.setTimeout(() => count++, 1)
    await clock.sleep(20)
    expect(count).toBe(1)
  })

  it('repeats an interval until cleared, and cancels timeouts', async () => {
    const clock = new SystemClock()
    let ticks = 0
    let cancelledFired = false
    const interval = clock.setInterval(() => ticks++, 2)
    const timeout = clock.setTimeout(() => (cancelledFired = true), 5)
    clock.clearTimer(timeout)
    await clock.sleep(30)
    clock.clearTimer(interval)
    const after = ticks
    await clock.sleep(20)
    expect(after).toBeGreaterThan(1)
    expect(ticks).toBe(after)
    expect(cancelledFired).toBe(false)
    clock.clearTimer({ id: 9_999 })
  })

  describe('a timeout longer than Node timers take (about 24.8 days)', () => {
    afterEach(() => {
      vi.useRealTimers()
    })
    const DAY_MS = 24 * 60 * 60 * 1000

    it('fires when due, not at once', () => {
      vi.useFakeTimers()
      const clock = new SystemClock()
      let fired = 0
      clock.setTimeout(() => fired++, 30 * DAY_MS)
      vi.advanceTimersByTime(1)
      expect(fired).toBe(0)
      vi.advanceTimersByTime(30 * DAY_MS - 2)
      expect(fired).toBe(0)
      vi.advanceTimersByTime(1)
      expect(fired).toBe(1)
      vi.advanceTimersByTime(60 * DAY_MS)
      expect(fired).toBe(1)
    })

    it('is cancelled after its first step too', () => {
      vi.useFakeTimers()
      const clock = new SystemClock()
      let fired = false
      const timer = clock.setTimeout(() => (fired = true), 60 * DAY_MS)
      vi.advanceTimersByTime(26 * DAY_MS)
      clock.clearTimer(timer)
      vi.advanceTimersByTime(60 * DAY_MS)
      expect(fired).toBe(false)
    })
  })
})
