import type { NumericCandle } from '../candle'
import { trueRange } from './atr'
import type { Indicator } from './indicator'
import { WilderAverage } from './wilder-average'

/** Average Directional Index with the directional indicators (all 0–100). */
export interface AdxValue {
  readonly adx: number
  readonly plusDi: number
  readonly minusDi: number
}

/**
 * Average Directional Index with +DI and −DI (Wilder, as in his book and technicalindicators).
 * From the second candle: +DM = high − previous high when that exceeds previous low − low and
 * is positive, else 0 (−DM mirrored); TR as for the ATR. TR, +DM and −DM are smoothed with
 * Wilder's running sum (first = sum of the first `period` values, then S − S / period + x);
 * +DI = 100 × S(+DM) / S(TR), −DI likewise; DX = 100 × |+DI − −DI| / (+DI + −DI) (0 when the
 * sum is 0); ADX = Wilder's average of DX seeded with the mean of the first `period` DX. The
 * DIs start with candle period + 1 and the value (with the ADX) with candle 2 × period.
 */
export class Adx implements Indicator<AdxValue> {
  readonly period: number
  readonly #dx: WilderAverage
  #previousHigh = Number.NaN
  #previousLow = Number.NaN
  #previousClose = Number.NaN
  #count = 0
  #trueRangeSum = 0
  #plusSum = 0
  #minusSum = 0
  #plusDi = Number.NaN
  #minusDi = Number.NaN

  constructor(period: number) {
    this.period = period
    this.#dx = new WilderAverage(period)
  }

  update(candle: NumericCandle): void {
    const { high, low } = candle
    const previousClose = this.#previousClose
    const up = high - this.#previousHigh
    const down = this.#previousLow - low
    this.#previousHigh = high
    this.#previousLow = low
    this.#previousClose = candle.close
    if (previousClose !== previousClose) return // NaN: the first candle has no movement.
    const plus = up > down && up > 0 ? up : 0
    const minus = down > up && down > 0 ? down : 0
    const range = trueRange(candle, previousClose)
    const period = this.period
    if (this.#count < period) {
      this.#trueRangeSum += range
      this.#plusSum += plus
      this.#minusSum += minus
      if (++this.#count < period) return
    } else {
      this.#trueRangeSum = this.#trueRangeSum - this.#trueRangeSum / period + range
      this.#plusSum = this.#plusSum - this.#plusSum / period + plus
      this.#minusSum = this.#minusSum - this.#minusSum / period + minus
    }
    const plusDi = this.#trueRangeSum === 0 ? 0 : (100 * this.#plusSum) / this.#trueRangeSum
    const minusDi = this.#trueRangeSum === 0 ? 0 : (100 * this.#minusSum) / this.#trueRangeSum
    const sum = plusDi + minusDi
    this.#plusDi = plusDi
    this.#minusDi = minusDi
    this.#dx.push(sum === 0 ? 0 : (100 * Math.abs(plusDi - minusDi)) / sum)
  }

  get value(): AdxValue | null {
    if (!this.#dx.isReady) return null
    return { adx: this.#dx.current, plusDi: this.#plusDi, minusDi: this.#minusDi }
  }
}
