/**
 * Changes a test fires by hand into the code that listens for them (one listener, as the
 * engine's wiring registers): hand `subscribe` over as the source's `on…Change` method.
 */
export class ManualChanges<T> {
  #listener: ((value: T) => void) | null = null

  readonly subscribe = (listener: (value: T) => void): (() => void) => {
    this.#listener = listener
    return () => (this.#listener = null)
  }

  fire(value: T): void {
    this.#listener?.(value)
  }
}
