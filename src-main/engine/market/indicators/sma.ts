import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'
import { RollingWindow } from './rolling-window'

/** Simple moving average of the close: the mean of the last `period` closes. */
export class Sma implements Indicator<number> {
  readonly period: number
  readonly #window: RollingWindow

  constructor(period: number) {
    this.period = period
    this.#window = new RollingWindow(period)
  }

  update(candle: NumericCandle): void {
    this.#window.push(candle.close)
  }

  /** Adds a number to the series directly (for indicators built on other series). */
  push(value: number): void {
    this.#window.push(value)
  }

  get isReady(): boolean {
    return this.#window.isFull
  }

  /** The mean (NaN until ready); for callers that avoid the null check. */
  get current(): number {
    return this.#window.isFull ? this.#window.sum / this.period : Number.NaN
  }

  get value(): number | null {
    return this.#window.isFull ? this.#window.sum / this.period : null
  }
}
