import { expect } from 'vitest'

/** Relative tolerance of every indicator reference test. */
export const RELATIVE_TOLERANCE = 1e-8

/**
 * Returns true when |actual − expected| ≤ 1e-8 × max(|expected|, floor). `floor` keeps values
 * that pass near zero (a MACD crossing, an RSI of 0) from demanding more than double precision
 * of the inputs' magnitude.
 */
export function isClose(actual: number, expected: number, floor: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual)
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), floor)
}

/**
 * Expects two series to agree: null in the same places (the same warm-up) and values within
 * `isClose` elsewhere. Reports the first disagreement with its index.
 */
export function expectSeriesClose(
  actual: readonly (number | null)[],
  expected: readonly (number | null)[],
  floor: number,
): void {
  expect(actual.length).toBe(expected.length)
  let compared = 0
  for (let index = 0; index < expected.length; index++) {
    const a = actual[index] ?? null
    const e = expected[index] ?? null
    if (a === null || e === null) {
      if (a !== e) expect.fail(`index ${index}: actual=${a} expected=${e}`)
      continue
    }
    if (!isClose(a, e, floor)) expect.fail(`index ${index}: actual=${a} expected=${e}`)
    compared++
  }
  expect(compared).toBeGreaterThan(0)
}

/**
 * Expects a value to match a published figure printed with `decimals` decimals (e.g. Tulip
 * Indicators' test vectors, printed to 3): |actual − expected| ≤ half a unit of the last digit.
 */
export function expectPrinted(actual: number | null, expected: number, decimals: number): void {
  expect(actual).not.toBeNull()
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12)
}
