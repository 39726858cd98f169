import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'
import { RollingExtremum } from './rolling-extremum'

/**
 * Williams %R: −100 × (highest high − close) / (highest high − lowest low) over the last
 * `period` candles, current included (−100 … 0); −50 when the range is zero.
 */
export class WilliamsR implements Indicator<number> {
  readonly #highest: RollingExtremum
  readonly #lowest: RollingExtremum
  #close = Number.NaN

  constructor(period: number) {
    this.#highest = new RollingExtremum(period, 'max')
    this.#lowest = new RollingExtremum(period, 'min')
  }

  update(candle: NumericCandle): void {
    this.#highest.push(candle.high)
    this.#lowest.push(candle.low)
    this.#close = candle.close
  }

  get value(): number | null {
    if (!this.#highest.isFull) return null
    const highest = this.#highest.value
    const range = highest - this.#lowest.value
    return range === 0 ? -50 : (-100 * (highest - this.#close)) / range
  }
}
