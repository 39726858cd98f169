import type { NumericCandle } from '../candle'
import type { ChannelValue, Indicator } from './indicator'
import { RollingExtremum } from './rolling-extremum'

/**
 * Donchian Channels: upper = highest high and lower = lowest low of the last `period` candles
 * (current included), middle = their mean.
 */
export class DonchianChannels implements Indicator<ChannelValue> {
  readonly #highest: RollingExtremum
  readonly #lowest: RollingExtremum

  constructor(period: number) {
    this.#highest = new RollingExtremum(period, 'max')
    this.#lowest = new RollingExtremum(period, 'min')
  }

  update(candle: NumericCandle): void {
    this.#highest.push(candle.high)
    this.#lowest.push(candle.low)
  }

  get value(): ChannelValue | null {
    if (!this.#highest.isFull) return null
    const upper = this.#highest.value
    const lower = this.#lowest.value
    return { upper, middle: (upper + lower) / 2, lower }
  }
}
