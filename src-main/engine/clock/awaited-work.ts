/**
 * Work in flight that someone awaits, counted so that a replay's virtual clock can wait for it
 * before it moves (see VirtualClock.waitForBeforeMoving): answers from the store's thread, and
 * flushes that may wait behind writes nobody awaits.
 */
export class AwaitedWork {
  #inFlight = 0
  #idleWaiters: (() => void)[] = []

  /** Counts `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight++
    const settled = () => {
      if (--this.#inFlight > 0) return
      const waiters = this.#idleWaiters
      this.#idleWaiters = []
      for (const wake of waiters) wake()
    }
    work.then(settled, settled)
    return work
  }

  /** Resolves when no tracked work is in flight; null when none is now. */
  whenIdle(): Promise<void> | null {
    if (this.#inFlight === 0) return null
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }
}
