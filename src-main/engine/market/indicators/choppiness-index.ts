import type { NumericCandle } from '../candle'
import { trueRange } from './atr'
import type { Indicator } from './indicator'
import { RollingExtremum } from './rolling-extremum'
import { RollingWindow } from './rolling-window'

/**
 * Choppiness Index (Dreiss, TradingView's form): 100 × log10(Σ true range /
 * (highest high − lowest low)) / log10(period) over the last `period` candles, with the true
 * range as for the ATR (high − low on the first candle). Near 100: choppy; near 0: trending.
 * 100 when the range is zero.
 */
export class ChoppinessIndex implements Indicator<number> {
  readonly period: number
  readonly #ranges: RollingWindow
  readonly #highest: RollingExtremum
  readonly #lowest: RollingExtremum
  readonly #logPeriod: number
  #previousClose = Number.NaN

  constructor(period: number) {
    if (period < 2) throw new Error(`invalid period: period=${period}`)
    this.period = period
    this.#ranges = new RollingWindow(period)
    this.#highest = new RollingExtremum(period, 'max')
    this.#lowest = new RollingExtremum(period, 'min')
    this.#logPeriod = Math.log10(period)
  }

  update(candle: NumericCandle): void {
    this.#ranges.push(trueRange(candle, this.#previousClose))
    this.#highest.push(candle.high)
    this.#lowest.push(candle.low)
    this.#previousClose = candle.close
  }

  get value(): number | null {
    if (!this.#ranges.isFull) return null
    const range = this.#highest.value - this.#lowest.value
    if (range <= 0) return 100
    return (100 * Math.log10(this.#ranges.sum / range)) / this.#logPeriod
  }
}
