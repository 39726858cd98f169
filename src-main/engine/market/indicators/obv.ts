import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'

/**
 * On-Balance Volume (Granville): 0 at the first candle, then the volume is added when the
 * close rises, subtracted when it falls, and ignored when it is unchanged (as Tulip and
 * TradingView).
 */
export class Obv implements Indicator<number> {
  #previousClose = Number.NaN
  #value = 0

  update(candle: NumericCandle): void {
    const previous = this.#previousClose
    if (candle.close > previous) this.#value += candle.volume
    else if (candle.close < previous) this.#value -= candle.volume
    this.#previousClose = candle.close
  }

  get value(): number | null {
    return this.#previousClose === this.#previousClose ? this.#value : null
  }
}
