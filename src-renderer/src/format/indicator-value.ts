import { DASH, formatDecimal } from './numbers'

/** Digits an indicator keeps from 1 up: BTC's dollar (57,713), XRP's four places (1.5402). */
const SIGNIFICANT_DIGITS = 5
/** Digits under 1 (0.3101, -0.004103): enough to compare timeframes at a glance. */
const SMALL_SIGNIFICANT_DIGITS = 4
/** From here on the thousands go into a suffix ("684.8K", "-122.1M"): volumes and OBV. */
const COMPACT_FROM = 100_000
/** Under this, an exponent ("2.670e-5", XRP/BTC's averages) instead of a row of zeros. */
const EXPONENT_BELOW = 0.001

/**
 * Returns an indicator value short enough for a column per timeframe: five significant
 * digits from 1 up (never rounding whole units away), four under 1, an exponent under 0.001
 * and a K/M suffix from 100,000; whole numbers as they are. Between the exponent and the
 * suffix it is {@link formatDecimal} at the places those digits need, so it groups and rounds
 * as every other number does. {@link formatIndicatorFull} gives the value behind it.
 */
export function formatIndicatorValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  const magnitude = Math.abs(value)
  if (magnitude >= COMPACT_FROM) {
    return value.toLocaleString('en-US', {
      notation: 'compact',
      maximumSignificantDigits: SMALL_SIGNIFICANT_DIGITS,
    })
  }
  if (magnitude !== 0 && magnitude < EXPONENT_BELOW) {
    return value.toExponential(SMALL_SIGNIFICANT_DIGITS - 1)
  }
  return formatDecimal(value, { places: placesOf(value) })
}

/** Returns the places that keep an indicator's significant digits: none for a whole number. */
function placesOf(value: number): number {
  if (Number.isInteger(value)) return 0
  // The digits before the point: 5 for 57,712.6, 1 for 1.54, 0 for 0.31, -2 for 0.0041.
  const wholeDigits = Math.floor(Math.log10(Math.abs(value))) + 1
  return wholeDigits >= 1
    ? Math.max(0, SIGNIFICANT_DIGITS - wholeDigits)
    : SMALL_SIGNIFICANT_DIGITS - wholeDigits
}

/** Indicators whose value is a direction, +1 up and −1 down, rather than an amount. */
const DIRECTION_INDICATORS = new Set(['supertrend_direction'])

/**
 * Returns one indicator's value as the table shows it: a direction as "up" or "down", any
 * other value as {@link formatIndicatorValue} does.
 */
export function formatIndicatorReading(key: string, value: number | null | undefined): string {
  if (DIRECTION_INDICATORS.has(key) && (value === 1 || value === -1)) {
    return value === 1 ? 'up' : 'down'
  }
  return formatIndicatorValue(value)
}

/** Returns an indicator value in full ("57,712.60844", "0.00002670204265"), for a hover. */
export function formatIndicatorFull(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  return value.toLocaleString('en-US', { maximumSignificantDigits: 10 })
}
