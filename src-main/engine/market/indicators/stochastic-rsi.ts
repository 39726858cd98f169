import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'
import { RollingExtremum } from './rolling-extremum'
import { Rsi } from './rsi'
import { Sma } from './sma'

/** Stochastic RSI %K and %D (0–100). */
export interface StochasticRsiValue {
  readonly k: number
  readonly d: number
}

/**
 * RSI spreads smaller than this (on the 0–100 scale) count as flat: while prices stand still
 * the RSI stays constant up to rounding residue, which must not be stretched to 0–100.
 */
const FLAT_RSI_RANGE = 1e-9

/**
 * Stochastic RSI (Chande and Kroll, TradingView's form): stoch = 100 × (RSI − lowest RSI) /
 * (highest RSI − lowest RSI) over `stochPeriod` RSI values (50 when the RSI is flat);
 * %K = SMA(kPeriod) of stoch; %D = SMA(dPeriod) of %K. The RSI is `Rsi`.
 */
export class StochasticRsi implements Indicator<StochasticRsiValue> {
  readonly #rsi: Rsi
  readonly #highest: RollingExtremum
  readonly #lowest: RollingExtremum
  readonly #k: Sma
  readonly #d: Sma

  constructor(rsiPeriod: number, stochPeriod: number, kPeriod: number, dPeriod: number) {
    this.#rsi = new Rsi(rsiPeriod)
    this.#highest = new RollingExtremum(stochPeriod, 'max')
    this.#lowest = new RollingExtremum(stochPeriod, 'min')
    this.#k = new Sma(kPeriod)
    this.#d = new Sma(dPeriod)
  }

  update(candle: NumericCandle): void {
    const rsi = this.#rsi
    rsi.push(candle.close)
    if (!rsi.isReady) return
    const value = rsi.current
    this.#highest.push(value)
    this.#lowest.push(value)
    if (!this.#highest.isFull) return
    const lowest = this.#lowest.value
    const range = this.#highest.value - lowest
    this.#k.push(range < FLAT_RSI_RANGE ? 50 : (100 * (value - lowest)) / range)
    if (this.#k.isReady) this.#d.push(this.#k.current)
  }

  get value(): StochasticRsiValue | null {
    if (!this.#d.isReady) return null
    return { k: this.#k.current, d: this.#d.current }
  }
}
