import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'
import { RollingWindow } from './rolling-window'

/**
 * Money Flow Index: with typical price tp = (high + low + close) / 3 and money flow tp ×
 * volume, the flow counts as positive when tp rose from the previous candle and negative when
 * it fell (unchanged: neither); MFI = 100 × positive / (positive + negative) over the last
 * `period` flows (so the first value comes with candle period + 1); 50 when both are zero.
 */
export class Mfi implements Indicator<number> {
  readonly period: number
  readonly #positive: RollingWindow
  readonly #negative: RollingWindow
  #previousTypical = Number.NaN

  constructor(period: number) {
    this.period = period
    this.#positive = new RollingWindow(period)
    this.#negative = new RollingWindow(period)
  }

  update(candle: NumericCandle): void {
    const typical = (candle.high + candle.low + candle.close) / 3
    const previous = this.#previousTypical
    this.#previousTypical = typical
    if (previous !== previous) return // NaN: the first candle has no direction.
    const flow = typical * candle.volume
    this.#positive.push(typical > previous ? flow : 0)
    this.#negative.push(typical < previous ? flow : 0)
  }

  get value(): number | null {
    if (!this.#positive.isFull) return null
    const positive = this.#positive.sum
    const total = positive + this.#negative.sum
    return total === 0 ? 50 : (100 * positive) / total
  }
}
