import Decimal from 'decimal.js'

/**
 * The simulator's own decimal type: 40 significant digits, so products of prices and
 * volumes never lose a digit before they are rounded to an asset's decimals on purpose.
 */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
})
/** A decimal value made by {@link Dec}. */
export type Dec = Decimal

/** A plain decimal number as Kraken writes it: optional sign, digits, optional fraction. */
const DECIMAL_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)$/

/** Returns whether `text` is a plain decimal number (no exponent, no spaces). */
export function isDecimalText(text: string): boolean {
  return DECIMAL_PATTERN.test(text)
}

/** Returns `value` written with exactly `places` decimals, as Kraken formats amounts. */
export function fixed(value: Decimal, places: number): string {
  return value.toFixed(places, Decimal.ROUND_HALF_UP)
}

/** Returns how many decimals `text` is written with ("30000.10" → 2). */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : text.length - dot - 1
}

/** Returns `value` rounded down to `places` decimals (used for lot sizes). */
export function floorTo(value: Decimal, places: number): Decimal {
  return value.toDecimalPlaces(places, Decimal.ROUND_DOWN)
}

/** Returns `value` rounded half-up to `places` decimals (used for costs and fees). */
export function roundTo(value: Decimal, places: number): Decimal {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP)
}
