import type { Logger } from '../logging/logger'

/**
 * The listeners to one kind of coordinator change (a task's status, the overall status):
 * add/remove, and a notify that logs a throwing listener and still calls the others — a
 * failing UI must never break the scheduler or a halt.
 */
export class ChangeListeners<Value> {
  private readonly listeners = new Set<(value: Value) => void>()

  constructor(
    private readonly logger: Logger,
    /** Names the change in the log line of a failing listener. */
    private readonly what: string,
  ) {}

  /** Returns true while at least one listener is attached, so callers build values only then. */
  get hasAny(): boolean {
    return this.listeners.size > 0
  }

  /** Adds a listener; returns the function that removes it. */
  add(listener: (value: Value) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** Calls every listener with `value`. */
  notify(value: Value): void {
    for (const listener of this.listeners) {
      try {
        listener(value)
      } catch (error) {
        this.logger.warn({ err: error, change: this.what }, 'coordinator change listener failed')
      }
    }
  }
}
