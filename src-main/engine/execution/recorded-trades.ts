/**
 * The exchange trade ids this engine has already stored as fills, with their times. Every
 * sync asks the exchange for the trades of a generous window (an hour of overlap); without
 * this set each of them would cost two database round trips per sync, only to find the fill
 * already there. Trades older than the window are forgotten, so the set stays small.
 */
export class RecordedTrades {
  readonly #timestamps = new Map<string, number>()

  /** True when the trade was stored by this engine (and not yet forgotten). */
  has(tradeId: string): boolean {
    return this.#timestamps.has(tradeId)
  }

  /** Notes a trade as stored. */
  add(tradeId: string, timestampMs: number): void {
    this.#timestamps.set(tradeId, timestampMs)
  }

  /** Forgets one trade (its fill could not be stored after all, so the next sync tries again). */
  forget(tradeId: string): void {
    this.#timestamps.delete(tradeId)
  }

  /** Forgets trades older than `timestampMs`: no sync asks for them again. */
  forgetBefore(timestampMs: number): void {
    for (const [tradeId, at] of this.#timestamps) {
      if (at < timestampMs) this.#timestamps.delete(tradeId)
    }
  }

  get size(): number {
    return this.#timestamps.size
  }
}
