import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'
import { RollingWindow } from './rolling-window'

/** Rate of Change in percent: 100 × (close − close `period` candles ago) / that close. */
export class Roc implements Indicator<number> {
  readonly period: number
  readonly #closes: RollingWindow

  constructor(period: number) {
    this.period = period
    this.#closes = new RollingWindow(period + 1)
  }

  update(candle: NumericCandle): void {
    this.#closes.push(candle.close)
  }

  get value(): number | null {
    const closes = this.#closes
    if (!closes.isFull) return null
    const past = closes.oldest
    return (100 * (closes.newest - past)) / past
  }
}
