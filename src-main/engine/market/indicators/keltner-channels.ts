import type { NumericCandle } from '../candle'
import { Atr } from './atr'
import { Ema } from './ema'
import type { ChannelValue, Indicator } from './indicator'

/**
 * Keltner Channels (Raschke's form): middle = EMA(emaPeriod) of the close (see `Ema`),
 * upper/lower = middle ± multiplier × ATR(atrPeriod) (see `Atr`).
 */
export class KeltnerChannels implements Indicator<ChannelValue> {
  readonly multiplier: number
  readonly #ema: Ema
  readonly #atr: Atr

  constructor(emaPeriod: number, atrPeriod: number, multiplier: number) {
    this.multiplier = multiplier
    this.#ema = new Ema(emaPeriod)
    this.#atr = new Atr(atrPeriod)
  }

  update(candle: NumericCandle): void {
    this.#ema.push(candle.close)
    this.#atr.update(candle)
  }

  get value(): ChannelValue | null {
    if (!this.#ema.isReady || !this.#atr.isReady) return null
    const middle = this.#ema.current
    const offset = this.multiplier * this.#atr.current
    return { upper: middle + offset, middle, lower: middle - offset }
  }
}
