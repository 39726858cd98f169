import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'

const DAY_MS = 86_400_000

/**
 * Volume-Weighted Average Price for the UTC day (session VWAP, reset at 00:00 UTC):
 * Σ(typical price × volume) / Σ volume over the day's candles so far, with typical price
 * (high + low + close) / 3. Null while the day has no volume.
 */
export class Vwap implements Indicator<number> {
  #sessionStartMs = Number.NaN
  #priceVolume = 0
  #volume = 0

  update(candle: NumericCandle): void {
    const timestampMs = candle.timestampMs
    const sessionStartMs = timestampMs - (timestampMs % DAY_MS)
    if (sessionStartMs !== this.#sessionStartMs) {
      this.#sessionStartMs = sessionStartMs
      this.#priceVolume = 0
      this.#volume = 0
    }
    const typical = (candle.high + candle.low + candle.close) / 3
    this.#priceVolume += typical * candle.volume
    this.#volume += candle.volume
  }

  get value(): number | null {
    return this.#volume > 0 ? this.#priceVolume / this.#volume : null
  }
}
