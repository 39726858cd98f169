import type { Candle } from './candle'
import { toSnapshotCandle, type SnapshotCandle } from './market-snapshot'

/** A timeframe's newest candles as a snapshot shows them, with the candles they came from. */
export interface SnapshotCandleWindow {
  /** The ring's candles, oldest first. */
  readonly sources: readonly Candle[]
  /** The same candles as frozen snapshot candles, index for index. */
  readonly candles: readonly SnapshotCandle[]
}

/**
 * Returns the window of `sources`, reusing the snapshot candles of `previous` for the candles
 * it already held. A 1m window moves by one candle a minute, so mapping it afresh every
 * minute rebuilt dozens of identical frozen objects; candles are immutable, so the same
 * object maps to the same snapshot candle.
 */
export function snapshotCandleWindow(
  sources: readonly Candle[],
  previous?: SnapshotCandleWindow,
): SnapshotCandleWindow {
  const first = sources[0]
  const offset =
    previous === undefined || first === undefined ? -1 : previous.sources.indexOf(first)
  const candles = sources.map((candle, index) => {
    const reused =
      offset >= 0 && previous?.sources[offset + index] === candle
        ? previous.candles[offset + index]
        : undefined
    return reused ?? Object.freeze(toSnapshotCandle(candle))
  })
  return { sources, candles: Object.freeze(candles) }
}
