import { DASH } from './numbers'

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
 * and a K/M suffix from 100,000; whole numbers as they are. {@link formatIndicatorFull}
 * gives the value behind it.
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
  if (Number.isInteger(value)) return value.toLocaleString('en-US')
  if (magnitude >= 1) {
    const wholeDigits = Math.floor(Math.log10(magnitude)) + 1
    const places = Math.max(0, SIGNIFICANT_DIGITS - wholeDigits)
    return value.toLocaleString('en-US', {
      minimumFractionDigits: places,
      maximumFractionDigits: places,
    })
  }
  if (magnitude < EXPONENT_BELOW) return value.toExponential(SMALL_SIGNIFICANT_DIGITS - 1)
  return value.toLocaleString('en-US', {
    minimumSignificantDigits: SMALL_SIGNIFICANT_DIGITS,
    maximumSignificantDigits: SMALL_SIGNIFICANT_DIGITS,
  })
}

/** Returns an indicator value in full ("57,712.60844", "0.00002670204265"), for a hover. */
export function formatIndicatorFull(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  return value.toLocaleString('en-US', { maximumSignificantDigits: 10 })
}
