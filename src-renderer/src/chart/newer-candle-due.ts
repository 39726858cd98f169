import type { CandleSeries } from '../../../src-shared/contract'
import type { Timeframe } from '../../../src-shared/symbols'
import { TIMEFRAME_DURATIONS_MS } from '../../../src-shared/symbols'

const MINUTE_MS = TIMEFRAME_DURATIONS_MS['1m']

/**
 * Whether the engine has a newer candle than `series` by its `nowMs`: a closed one once the
 * candle after the newest closed (the newest, opened at `t`, closed at `t + duration`, the
 * next one closes at `t + 2 × duration`), or, above 1m, the forming one the series lacks once
 * the first minute of it has closed. A series without candles is always behind.
 */
export function isNewerCandleDue(series: CandleSeries, timeframe: Timeframe, nowMs: number) {
  const newest = series.candles.at(-1)
  if (newest === undefined) return true
  const durationMs = TIMEFRAME_DURATIONS_MS[timeframe]
  if (nowMs >= newest.t + 2 * durationMs) return true
  return timeframe !== '1m' && series.forming === null && nowMs >= newest.t + durationMs + MINUTE_MS
}
