import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'
import { RollingWindow } from './rolling-window'

/** Simple moving average of the volume over the last `period` candles. */
export class VolumeSma implements Indicator<number> {
  readonly period: number
  readonly #window: RollingWindow

  constructor(period: number) {
    this.period = period
    this.#window = new RollingWindow(period)
  }

  update(candle: NumericCandle): void {
    this.#window.push(candle.volume)
  }

  get value(): number | null {
    return this.#window.isFull ? this.#window.sum / this.period : null
  }
}
