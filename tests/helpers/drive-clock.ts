import type { VirtualClock } from '../../src-main/engine/clock'

/**
 * Resolves `promise` while moving the virtual clock from timer to timer, for code that
 * sleeps or times out on the clock. Fails when the promise is still pending after `limit`
 * timers.
 */
export async function driveClock<T>(
  clock: VirtualClock,
  promise: Promise<T>,
  limit = 1000,
): Promise<T> {
  let settled = false
  const tracked = promise.finally(() => {
    settled = true
  })
  for (let fired = 0; fired < limit; fired++) {
    await new Promise((resolve) => setImmediate(resolve))
    if (settled) return tracked
    const due = clock.nextDueAt()
    if (due === null) continue
    await clock.advanceTo(due)
  }
  if (!settled) throw new Error(`driveClock: promise still pending after ${limit} turns`)
  return tracked
}
