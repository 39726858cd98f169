import type { VirtualClock } from '../../src-main/engine/clock'

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Awaits `promise` while moving the virtual clock from timer to timer whenever the work has
 * gone quiet, so code that sleeps on the injected clock (backoff) completes in tests.
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
