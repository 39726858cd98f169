import type { CandleSeries } from '../../../src-shared/contract'
import type { Timeframe } from '../../../src-shared/symbols'
import { TIMEFRAME_DURATIONS_MS } from '../../../src-shared/symbols'

/**
 * Whether a candle newer than the newest of `series` has closed by the engine's `nowMs`: the
 * newest candle (opened at `t`) closed at `t + duration`, the next one at `t + 2 × duration`.
 * A series without candles is always behind.
 */
export function isNewerCandleDue(series: CandleSeries, timeframe: Timeframe, nowMs: number) {
  const newest = series.candles.at(-1)
  if (newest === undefined) return true
  return nowMs >= newest.t + 2 * TIMEFRAME_DURATIONS_MS[timeframe]
}
