import type { NumericCandle } from '../candle'
import { Atr } from './atr'
import type { Indicator } from './indicator'

/** The Supertrend line and the trend it shows. */
export interface SupertrendValue {
  /** The lower band in an uptrend, the upper band in a downtrend. */
  readonly value: number
  readonly direction: 'up' | 'down'
}

/**
 * Supertrend (Olivier Seban): basic bands hl2 ± multiplier × ATR(period) with hl2 =
 * (high + low) / 2 and the ATR as `Atr` (Wilder). The final upper band only falls (it resets
 * to the basic band when that is lower or the previous close broke above it); the final lower
 * band only rises (mirrored). In an uptrend the trend turns down when the close falls below
 * the final lower band; in a downtrend it turns up when the close rises above the final upper
 * band. The initial direction, on the first candle with an ATR, is up when the close is at or
 * above hl2 and down otherwise (seed 001 v1.3; it used to be compared with the upper band,
 * which made almost every start a downtrend).
 */
export class Supertrend implements Indicator<SupertrendValue> {
  readonly multiplier: number
  readonly #atr: Atr
  #previousClose = Number.NaN
  #upper = Number.NaN
  #lower = Number.NaN
  #isUp = false
  #isStarted = false

  constructor(period: number, multiplier: number) {
    this.multiplier = multiplier
    this.#atr = new Atr(period)
  }

  update(candle: NumericCandle): void {
    const atr = this.#atr
    atr.update(candle)
    const previousClose = this.#previousClose
    const close = candle.close
    this.#previousClose = close
    if (!atr.isReady) return
    const middle = (candle.high + candle.low) / 2
    const offset = this.multiplier * atr.current
    const basicUpper = middle + offset
    const basicLower = middle - offset
    if (!this.#isStarted) {
      this.#isStarted = true
      this.#upper = basicUpper
      this.#lower = basicLower
      this.#isUp = close >= middle
      return
    }
    const upper = basicUpper < this.#upper || previousClose > this.#upper ? basicUpper : this.#upper
    const lower = basicLower > this.#lower || previousClose < this.#lower ? basicLower : this.#lower
    this.#isUp = this.#isUp ? close >= lower : close > upper
    this.#upper = upper
    this.#lower = lower
  }

  get value(): SupertrendValue | null {
    if (!this.#isStarted) return null
    return this.#isUp
      ? { value: this.#lower, direction: 'up' }
      : { value: this.#upper, direction: 'down' }
  }
}
