import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'
import { WilderAverage } from './wilder-average'

/**
 * Relative Strength Index (Wilder): the gains and losses of the close are smoothed with
 * Wilder's average (seeded with the simple mean of the first `period` changes), and
 * RSI = 100 − 100 / (1 + avgGain / avgLoss). The first value comes with the (period + 1)-th
 * close. When avgLoss is 0 the RSI is 100 (TradingView's convention, also trading-signals').
 */
export class Rsi implements Indicator<number> {
  readonly period: number
  readonly #gain: WilderAverage
  readonly #loss: WilderAverage
  #previous = Number.NaN

  constructor(period: number) {
    this.period = period
    this.#gain = new WilderAverage(period)
    this.#loss = new WilderAverage(period)
  }

  update(candle: NumericCandle): void {
    this.push(candle.close)
  }

  /** Adds a close to the series directly. */
  push(close: number): void {
    const previous = this.#previous
    this.#previous = close
    if (previous !== previous) return // NaN: the first close has no change.
    const change = close - previous
    this.#gain.push(change > 0 ? change : 0)
    this.#loss.push(change < 0 ? -change : 0)
  }

  get isReady(): boolean {
    return this.#gain.isReady
  }

  /** The RSI (NaN until ready). */
  get current(): number {
    if (!this.#gain.isReady) return Number.NaN
    const loss = this.#loss.current
    if (loss === 0) return 100
    return 100 - 100 / (1 + this.#gain.current / loss)
  }

  get value(): number | null {
    return this.#gain.isReady ? this.current : null
  }
}
