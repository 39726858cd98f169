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

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Like {@link driveClock}, but lets several event-loop turns pass before moving the clock, so
 * database I/O (PGlite) settles first; for order-manager tests whose backoff sleeps on the clock.
 */
export async function drive<T>(
  clock: VirtualClock,
  promise: Promise<T>,
  maxSteps = 10_000,
): Promise<T> {
  let isSettled = false
  promise.then(
    () => (isSettled = true),
    () => (isSettled = true),
  )
  for (let step = 0; step < maxSteps && !isSettled; step++) {
    for (let idle = 0; idle < 5 && !isSettled; idle++) await turn()
    if (isSettled) break
    const due = clock.nextDueAt()
    if (due !== null) await clock.advanceTo(due)
  }
  return promise
}
