import type { Logger } from '../logging/logger'

/**
 * The listeners to one kind of change (an engine event, a task's or the coordinator's status):
 * add/remove, and a notify that logs a throwing listener and still calls the others — a
 * failing UI must never break the engine, the scheduler or a halt.
 */
export class ChangeListeners<Value> {
  private readonly listeners = new Set<(value: Value) => void>()

  constructor(
    private readonly logger: Logger,
    /** Names the change in the log line of a failing listener. */
    private readonly what: string,
    /** Fields of the log line of a failing listener that tell which value it failed on. */
    private readonly describe: (value: Value) => Record<string, unknown> = () => ({}),
  ) {}

  /** How many listeners are attached, so callers can skip building what no one reads. */
  get size(): number {
    return this.listeners.size
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
        this.logger.warn(
          { err: error, change: this.what, ...this.describe(value) },
          `${this.what} listener failed`,
        )
      }
    }
  }
}
