import type { NumericCandle } from '../candle'
import { FLAT_RELATIVE_EPSILON, type Indicator } from './indicator'
import { RollingWindow } from './rolling-window'

/**
 * Commodity Channel Index (Lambert): with typical price tp = (high + low + close) / 3,
 * CCI = (tp − SMA(tp)) / (0.015 × mean absolute deviation of tp from that SMA), over
 * `period` candles; 0 when the deviation is zero (a flat window). O(period) per value.
 */
export class Cci implements Indicator<number> {
  readonly period: number
  readonly #window: RollingWindow

  constructor(period: number) {
    this.period = period
    this.#window = new RollingWindow(period)
  }

  update(candle: NumericCandle): void {
    this.#window.push((candle.high + candle.low + candle.close) / 3)
  }

  get value(): number | null {
    const window = this.#window
    if (!window.isFull) return null
    const period = this.period
    const mean = window.sum / period
    const values = window.values
    let deviations = 0
    for (let index = 0; index < period; index++) {
      deviations += Math.abs((values[index] as number) - mean)
    }
    const meanDeviation = deviations / period
    if (meanDeviation <= FLAT_RELATIVE_EPSILON * Math.abs(mean)) return 0
    return (window.newest - mean) / (0.015 * meanDeviation)
  }
}
