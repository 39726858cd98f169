import type { Candle } from './candle'

/**
 * The newest candles of one series in a fixed-size ring, oldest first: pushing into a full
 * ring drops the oldest. Candles must be pushed in time order (the ingest service checks).
 */
export class CandleRing {
  readonly capacity: number
  readonly #slots: (Candle | undefined)[]
  /** Index of the oldest candle. */
  #start = 0
  #length = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`candle ring capacity must be a positive integer: capacity=${capacity}`)
    }
    this.capacity = capacity
    this.#slots = new Array<Candle | undefined>(capacity)
  }

  /** How many candles it holds. */
  get length(): number {
    return this.#length
  }

  /** Adds the newest candle. */
  push(candle: Candle): void {
    const capacity = this.capacity
    if (this.#length < capacity) {
      this.#slots[(this.#start + this.#length) % capacity] = candle
      this.#length++
      return
    }
    this.#slots[this.#start] = candle
    this.#start = (this.#start + 1) % capacity
  }

  /** The candle at `index` (0 = oldest), or undefined. */
  at(index: number): Candle | undefined {
    if (index < 0 || index >= this.#length) return undefined
    return this.#slots[(this.#start + index) % this.capacity]
  }

  /** The newest candle, or null. */
  last(): Candle | null {
    return this.at(this.#length - 1) ?? null
  }

  /** The newest `count` candles (all when fewer), oldest first. */
  newest(count: number): Candle[] {
    const length = Math.max(0, Math.min(count, this.#length))
    const result = new Array<Candle>(length)
    const offset = this.#length - length
    for (let index = 0; index < length; index++) result[index] = this.at(offset + index) as Candle
    return result
  }

  /** The newest candle that opened at or before `timestampMs`, or null (binary search). */
  atOrBefore(timestampMs: number): Candle | null {
    let low = 0
    let high = this.#length - 1
    let found: Candle | null = null
    while (low <= high) {
      const middle = (low + high) >>> 1
      const candle = this.at(middle) as Candle
      if (candle.timestampMs <= timestampMs) {
        found = candle
        low = middle + 1
      } else {
        high = middle - 1
      }
    }
    return found
  }
}
