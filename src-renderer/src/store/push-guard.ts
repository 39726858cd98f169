/**
 * Keeps a value the engine pushed from being undone by a load that was already out when the
 * push came: the push is at least as new as the answer to a request sent before it (a halt
 * must not flip back to RUNNING, an ended pause must not come back, until the next load).
 */
export class PushGuard {
  private pushes = 0

  /** Notes that a value was pushed. */
  onPush(): void {
    this.pushes++
  }

  /**
   * Returns `fetch` wrapped so that, when a value was pushed while it was out, it answers with
   * `latest()` — the pushed value — instead of its own older answer.
   */
  guard<T>(fetch: () => Promise<T>, latest: () => T | null): () => Promise<T> {
    const pushesBefore = this.pushes
    return async () => {
      const loaded = await fetch()
      const pushed = latest()
      return this.pushes !== pushesBefore && pushed !== null ? pushed : loaded
    }
  }
}
