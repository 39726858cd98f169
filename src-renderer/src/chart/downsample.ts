import type { Candle } from '../../../src-shared/contract'

/** A candle as numbers, ready to plot (display only). */
export interface ChartCandle {
  t: number
  o: number
  h: number
  l: number
  c: number
  v: number
  /** Index of the first source candle this point covers. */
  from: number
  /** Index after the last source candle this point covers. */
  to: number
}

/**
 * Returns at most `maxPoints` candles for plotting: consecutive candles are merged into one
 * (first open, highest high, lowest low, last close, summed volume), so a 10,000-candle
 * series draws as a few hundred SVG shapes with its extremes intact.
 */
export function downsampleCandles(candles: readonly Candle[], maxPoints: number): ChartCandle[] {
  const count = candles.length
  if (count === 0) return []
  const bucket = Math.max(1, Math.ceil(count / Math.max(1, maxPoints)))
  const result: ChartCandle[] = []
  for (let start = 0; start < count; start += bucket) {
    const end = Math.min(count, start + bucket)
    const first = candles[start] as Candle
    const last = candles[end - 1] as Candle
    let high = -Infinity
    let low = Infinity
    let volume = 0
    for (let index = start; index < end; index += 1) {
      const candle = candles[index] as Candle
      const h = Number(candle.h)
      const l = Number(candle.l)
      if (h > high) high = h
      if (l < low) low = l
      volume += Number(candle.v)
    }
    result.push({
      t: first.t,
      o: Number(first.o),
      h: high,
      l: low,
      c: Number(last.c),
      v: volume,
      from: start,
      to: end,
    })
  }
  return result
}

/** Returns the overlay values for downsampled points: the value at each bucket's last candle. */
export function downsampleOverlay(
  values: readonly (number | null)[],
  points: readonly ChartCandle[],
): (number | null)[] {
  return points.map((point) => values[point.to - 1] ?? null)
}

/** Returns the index of the point whose time span contains `t` (the nearest at the edges). */
export function pointIndexAt(points: readonly ChartCandle[], t: number): number {
  if (points.length === 0) return -1
  let low = 0
  let high = points.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if ((points[middle] as ChartCandle).t <= t) low = middle
    else high = middle - 1
  }
  return low
}
