/** The widest a candle body or volume bar is drawn, however few candles there are. */
export const MAX_BAR_WIDTH_PX = 14

/** The width of one candle alone on the chart, with no neighbour to measure against. */
const LONE_BAR_WIDTH_PX = 6

/**
 * Returns the pixel width of the candle bodies and volume bars for candles centred at
 * `centers` (evenly spaced, in order): 70 % of the distance between neighbours, at least 1 px
 * and at most {@link MAX_BAR_WIDTH_PX}, so a chart of two candles does not draw two blocks
 * each a third of its width wide. Centres that are not finite (a candle the scale could not
 * place) are skipped, so one of them does not turn every bar into `NaN`.
 */
export function barWidth(centers: readonly number[]): number {
  const firstIndex = centers.findIndex(Number.isFinite)
  const lastIndex = centers.findLastIndex(Number.isFinite)
  if (firstIndex === -1 || lastIndex === firstIndex) return LONE_BAR_WIDTH_PX
  const first = centers[firstIndex] as number
  const last = centers[lastIndex] as number
  const step = Math.abs(last - first) / (lastIndex - firstIndex)
  return Math.min(MAX_BAR_WIDTH_PX, Math.max(1, step * 0.7))
}
