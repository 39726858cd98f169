/** The widest a candle body or volume bar is drawn, however few candles there are. */
export const MAX_BAR_WIDTH_PX = 14

/** The width of one candle alone on the chart, with no neighbour to measure against. */
const LONE_BAR_WIDTH_PX = 6

/**
 * Returns the pixel width of the candle bodies and volume bars for candles centred at
 * `centers` (evenly spaced, in order): 70 % of the distance between neighbours, at least 1 px
 * and at most {@link MAX_BAR_WIDTH_PX}, so a chart of two candles does not draw two blocks
 * each a third of its width wide.
 */
export function barWidth(centers: readonly number[]): number {
  if (centers.length < 2) return LONE_BAR_WIDTH_PX
  const first = centers[0] as number
  const last = centers[centers.length - 1] as number
  const step = Math.abs(last - first) / (centers.length - 1)
  return Math.min(MAX_BAR_WIDTH_PX, Math.max(1, step * 0.7))
}
