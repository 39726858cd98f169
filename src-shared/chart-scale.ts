/**
 * Scale helpers shared by the UI's charts and the replay report's SVG chart.
 */

/** Returns evenly spaced points of a series (first and last kept), at most `maxPoints`. */
export function thin<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return [...points]
  const step = (points.length - 1) / (maxPoints - 1)
  return Array.from({ length: maxPoints }, (_, index) => points[Math.round(index * step)] as T)
}

/** Returns round tick values (1, 2, 2.5 or 5 × 10ⁿ apart) inside [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min) || count < 2) return [min]
  const rough = (max - min) / (count - 1)
  const power = 10 ** Math.floor(Math.log10(rough))
  // The tolerance keeps float noise (0.04 / 4 = 0.010000000000000009) from doubling the step.
  const step =
    ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough * (1 - 1e-9)) ?? 10) * power
  const ticks: number[] = []
  // Keep labels off the very edges, where they would be clipped.
  const margin = (max - min) * 0.02
  for (let tick = Math.ceil((min + margin) / step) * step; tick <= max - margin; tick += step) {
    ticks.push(Number(tick.toPrecision(12)))
  }
  return ticks
}
