import type { ReplaySeries } from './replay-market-source'
import { timeframeMs } from './timeframe'

const MINUTE_MS = timeframeMs('1m')

/** The largest share of a replay's data the warm-up may take, so most of it is still played. */
export const MAX_WARMUP_SHARE = 0.25

/**
 * Returns the time before which a replay's candles are warm-up history, so the replay starts
 * the way a live start does: after `backfillMinutes` of history (`market.backfill_minutes`,
 * what the live source backfills), counted from the data's first candle, all symbols together.
 * Data too short for that warms up on its first {@link MAX_WARMUP_SHARE} (whole minutes);
 * without candles there is nothing to warm up on (undefined).
 */
export function liveStartWarmupUntilMs(
  series: readonly ReplaySeries[],
  backfillMinutes: number,
): number | undefined {
  const candles = series.flatMap((one) => [one.candles[0], one.candles.at(-1)])
  const openTimes = candles.flatMap((candle) => (candle ? [candle.timestampMs] : []))
  if (openTimes.length === 0) return undefined
  const firstMs = Math.min(...openTimes)
  const dataMinutes = (Math.max(...openTimes) - firstMs) / MINUTE_MS + 1
  const warmupMinutes = Math.min(backfillMinutes, Math.floor(dataMinutes * MAX_WARMUP_SHARE))
  return firstMs + warmupMinutes * MINUTE_MS
}
