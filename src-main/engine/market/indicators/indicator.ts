import type { NumericCandle } from '../candle'

/**
 * An incremental indicator: `update` takes the next closed candle in O(1) (amortised) or
 * O(period); `value` is null until enough candles have been seen (warm-up).
 */
export interface Indicator<Value> {
  update(candle: NumericCandle): void
  readonly value: Value | null
}

/**
 * Below this relative size a spread is treated as zero: a window of identical prices can
 * leave a rounding residue of a few ulps that would otherwise be divided by itself.
 */
export const FLAT_RELATIVE_EPSILON = 1e-12

/** A price channel: upper, middle and lower line. */
export interface ChannelValue {
  readonly upper: number
  readonly middle: number
  readonly lower: number
}
