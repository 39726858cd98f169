import type { ChartCandle } from './downsample'
import { pointIndexAt } from './downsample'
import { timeTicks } from '../../../src-shared/time-ticks'
import { formatTimeTick } from './time-tick-label'

/**
 * The share of the width on the left where no label goes: one centred there would be cut by
 * the chart's edge (the price axis on the right leaves room at the other end).
 */
const LEFT_EDGE_SHARE = 0.06

/** A candle chart's time axis: the drawn points that carry a label, and each one's label. */
export interface CandleTimeAxis {
  /** Times of drawn points (the band scale only places values it has), oldest first. */
  ticks: number[]
  /** The label of each tick, by its point's time. */
  labels: ReadonlyMap<number, string>
}

/**
 * Returns the time axis of a candle chart on the equity chart's round local times
 * ({@link timeTicks}), at most about `count` of them: each on the drawn point whose span holds
 * it, labelled with the round time itself ({@link formatTimeTick}), none at the very left
 * edge. A merged point starts at its first candle, not on the round time, so the label says
 * the time the point covers.
 */
export function candleTimeAxis(points: readonly ChartCandle[], count: number): CandleTimeAxis {
  const first = points[0]
  const last = points.at(-1)
  if (!first || !last) return { ticks: [], labels: new Map() }
  const { ticks: roundTimes, step } = timeTicks(first.t, last.t, count, 'local')
  const labels = new Map<number, string>()
  for (const time of roundTimes) {
    const index = pointIndexAt(points, time)
    if ((index + 0.5) / points.length < LEFT_EDGE_SHARE) continue
    const point = points[index] as ChartCandle
    // Two round times in one merged point: the earlier one names it.
    if (!labels.has(point.t)) labels.set(point.t, formatTimeTick(time, step))
  }
  return { ticks: [...labels.keys()], labels }
}
