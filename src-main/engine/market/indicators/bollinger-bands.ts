import type { NumericCandle } from '../candle'
import { FLAT_RELATIVE_EPSILON, type Indicator } from './indicator'
import { RollingWindow } from './rolling-window'

/** Bollinger Bands with their width and %B. */
export interface BollingerBandsValue {
  readonly upper: number
  readonly middle: number
  readonly lower: number
  /** (upper − lower) / middle. */
  readonly width: number
  /** (close − lower) / (upper − lower); 0.5 when the bands coincide. */
  readonly percentB: number
}

/**
 * Bollinger Bands: middle = SMA(period) of the close, upper/lower = middle ± multiplier × σ,
 * where σ is the population standard deviation (divided by `period`, as Bollinger, TA-Lib and
 * Tulip do) computed in two passes over the window for accuracy.
 */
export class BollingerBands implements Indicator<BollingerBandsValue> {
  readonly period: number
  readonly multiplier: number
  readonly #window: RollingWindow
  #close = Number.NaN

  constructor(period: number, multiplier: number) {
    this.period = period
    this.multiplier = multiplier
    this.#window = new RollingWindow(period)
  }

  update(candle: NumericCandle): void {
    this.#close = candle.close
    this.#window.push(candle.close)
  }

  get value(): BollingerBandsValue | null {
    const window = this.#window
    if (!window.isFull) return null
    const period = this.period
    const middle = window.sum / period
    const values = window.values
    let squares = 0
    for (let index = 0; index < period; index++) {
      const deviation = (values[index] as number) - middle
      squares += deviation * deviation
    }
    let deviation = Math.sqrt(squares / period)
    if (deviation <= FLAT_RELATIVE_EPSILON * Math.abs(middle)) deviation = 0
    const offset = this.multiplier * deviation
    const upper = middle + offset
    const lower = middle - offset
    return {
      upper,
      middle,
      lower,
      width: (upper - lower) / middle,
      percentB: offset === 0 ? 0.5 : (this.#close - lower) / (upper - lower),
    }
  }
}
