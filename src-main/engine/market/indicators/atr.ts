import type { NumericCandle } from '../candle'
import type { Indicator } from './indicator'
import { WilderAverage } from './wilder-average'

/**
 * Average True Range (Wilder): true range = max(high − low, |high − previous close|,
 * |low − previous close|), and high − low for the first candle; the ATR is Wilder's average of
 * the true ranges, seeded with the mean of the first `period` (so the first value comes with
 * the `period`-th candle, as in Wilder's book, Tulip Indicators and trading-signals).
 */
export class Atr implements Indicator<number> {
  readonly period: number
  readonly #average: WilderAverage
  #previousClose = Number.NaN

  constructor(period: number) {
    this.period = period
    this.#average = new WilderAverage(period)
  }

  update(candle: NumericCandle): void {
    this.#average.push(trueRange(candle, this.#previousClose))
    this.#previousClose = candle.close
  }

  get isReady(): boolean {
    return this.#average.isReady
  }

  /** The ATR (NaN until ready). */
  get current(): number {
    return this.#average.current
  }

  get value(): number | null {
    return this.#average.isReady ? this.#average.current : null
  }
}

/** Returns the true range of a candle; high − low when `previousClose` is NaN (the first). */
export function trueRange(candle: NumericCandle, previousClose: number): number {
  const range = candle.high - candle.low
  if (previousClose !== previousClose) return range
  const up = Math.abs(candle.high - previousClose)
  const down = Math.abs(candle.low - previousClose)
  return range >= up ? (range >= down ? range : down) : up >= down ? up : down
}
