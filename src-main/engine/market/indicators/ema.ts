import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'

/**
 * Exponential moving average of the close with α = 2 / (period + 1), seeded with the simple
 * mean of the first `period` closes (the TA-Lib and TradingView convention): the first value
 * comes with the `period`-th close, then value = previous + α × (close − previous).
 */
export class Ema implements Indicator<number> {
  readonly period: number
  readonly #alpha: number
  #count = 0
  #sum = 0
  #value = Number.NaN

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`invalid period: period=${period}`)
    this.period = period
    this.#alpha = 2 / (period + 1)
  }

  update(candle: NumericCandle): void {
    this.push(candle.close)
  }

  /** Adds a number to the series directly (for indicators built on other series). */
  push(input: number): void {
    if (this.#count >= this.period) {
      this.#value += this.#alpha * (input - this.#value)
      return
    }
    this.#sum += input
    if (++this.#count === this.period) this.#value = this.#sum / this.period
  }

  get isReady(): boolean {
    return this.#count >= this.period
  }

  /** The average (NaN until ready). */
  get current(): number {
    return this.#value
  }

  get value(): number | null {
    return this.#count >= this.period ? this.#value : null
  }
}
