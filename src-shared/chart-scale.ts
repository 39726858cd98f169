/**
 * Scale helpers shared by the UI's charts and the replay report's SVG chart.
 */

/** Returns evenly spaced points of a series (first and last kept), at most `maxPoints`. */
export function thin<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return [...points]
  const step = (points.length - 1) / (maxPoints - 1)
  return Array.from({ length: maxPoints }, (_, index) => points[Math.round(index * step)] as T)
}

/** Returns the round step (1, 2, 2.5 or 5 × 10ⁿ) that cuts [min, max] into about `count - 1` parts. */
export function niceStep(min: number, max: number, count: number): number {
  const rough = (max - min) / Math.max(1, count - 1)
  const power = 10 ** Math.floor(Math.log10(rough))
  // The tolerance keeps float noise (0.04 / 4 = 0.010000000000000009) from doubling the step.
  return ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough * (1 - 1e-9)) ?? 10) * power
}

/** Returns round tick values (1, 2, 2.5 or 5 × 10ⁿ apart) inside [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min) || count < 2) return [min]
  const step = niceStep(min, max, count)
  const ticks: number[] = []
  // Keep labels off the very edges, where they would be clipped.
  const margin = (max - min) * 0.02
  for (let tick = Math.ceil((min + margin) / step) * step; tick <= max - margin; tick += step) {
    ticks.push(Number(tick.toPrecision(12)))
  }
  return ticks
}

/** A value axis: its domain, from one round tick to another, the ticks and their step. */
export interface NiceScale {
  domain: [number, number]
  ticks: number[]
  step: number
}

/**
 * Returns a value axis for data in [min, max]: the domain widened to the round ticks around
 * it (1, 2, 2.5 or 5 × 10ⁿ apart, about `count` of them), so every gridline is labelled with
 * a round value. A flat series gets a small band around its value.
 */
export function niceScale(min: number, max: number, count: number): NiceScale {
  const [low, high] = max > min ? [min, max] : flatBand(min)
  const step = niceStep(low, high, count)
  // Rounded to the step's precision: 0.1 + 0.2 must not become a tick of 0.30000000000000004.
  const round = (value: number) => Number(value.toPrecision(12))
  const first = round(Math.floor(low / step + 1e-9) * step)
  const last = round(Math.ceil(high / step - 1e-9) * step)
  const ticks: number[] = []
  for (let index = 0; first + index * step <= last + step * 1e-9; index += 1) {
    ticks.push(round(first + index * step))
  }
  return { domain: [first, last], ticks, step }
}

/** A band a thousandth of the value (at least 1) either side of a flat series. */
function flatBand(value: number): [number, number] {
  const half = Math.max(Math.abs(value) * 0.001, 1)
  return [value - half, value + half]
}

/** Returns the decimal places a tick label needs to show ticks `step` apart: 2.5 → 1, 50 → 0. */
export function stepPlaces(step: number): number {
  const [mantissa = '', exponent] = String(Number(step.toPrecision(12))).split('e')
  const places = mantissa.split('.')[1]?.length ?? 0
  // Tiny steps print as "2.5e-7": the exponent's places come on top of the mantissa's.
  return Math.max(0, places - Number(exponent ?? 0))
}
