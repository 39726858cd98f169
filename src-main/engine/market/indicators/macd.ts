import type { NumericCandle } from '../candle'
import { Ema } from './ema'
import type { Indicator } from './indicator'

/** MACD line, signal line and histogram. */
export interface MacdValue {
  readonly macd: number
  readonly signal: number
  readonly histogram: number
}

/**
 * Moving Average Convergence/Divergence (Appel): MACD = EMA(fast) − EMA(slow) of the close,
 * signal = EMA(signal) of the MACD, histogram = MACD − signal. All EMAs are seeded with a
 * simple mean (see `Ema`), so the MACD starts with the `slow`-th close and the value (with
 * the signal) with close number slow + signal − 1 (the technicalindicators convention).
 */
export class Macd implements Indicator<MacdValue> {
  readonly #fast: Ema
  readonly #slow: Ema
  readonly #signal: Ema
  #macd = Number.NaN

  constructor(fastPeriod: number, slowPeriod: number, signalPeriod: number) {
    if (fastPeriod >= slowPeriod) {
      throw new Error(`invalid MACD periods: fast=${fastPeriod} slow=${slowPeriod}`)
    }
    this.#fast = new Ema(fastPeriod)
    this.#slow = new Ema(slowPeriod)
    this.#signal = new Ema(signalPeriod)
  }

  update(candle: NumericCandle): void {
    const close = candle.close
    this.#fast.push(close)
    this.#slow.push(close)
    if (this.#slow.isReady) {
      this.#macd = this.#fast.current - this.#slow.current
      this.#signal.push(this.#macd)
    }
  }

  get value(): MacdValue | null {
    if (!this.#signal.isReady) return null
    const signal = this.#signal.current
    return { macd: this.#macd, signal, histogram: this.#macd - signal }
  }
}
