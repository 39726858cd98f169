import { describe, expect, it } from 'vitest'
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
})
