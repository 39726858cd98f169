import type { ReplayMarketSource } from '../../engine/market'
import { isoMinute } from './replay-data-files'

/**
 * Returns the line `serve` prints about the replay it started: the warm-up history the engine
 * already holds (loaded at start, as a live start backfills) and where and how fast play goes on.
 */
export function describeReplayStart(
  replay: Pick<ReplayMarketSource, 'warmupFromMs' | 'firstTimestampMs'>,
  speed: number | 'max',
): string {
  const first = replay.firstTimestampMs
  if (first === null) return 'Replay: the data holds no candles to play.'
  const pace = speed === 'max' ? 'as fast as it can' : `at ${speed}× real time`
  const history =
    replay.warmupFromMs === null
      ? 'no history before it'
      : `history from ${isoMinute(replay.warmupFromMs)}Z loaded first, as a live start backfills`
  return `Replay: plays from ${isoMinute(first)}Z ${pace}; ${history}.`
}
