/**
 * Fast, exact reading of plain decimal strings ("58720.45", "0.00002201") without building a
 * Decimal: candles are parsed by the hundred thousand and most of them never need one.
 */

/** Exact powers of ten as doubles (10^22 is the largest that is exact). */
const POW10: readonly number[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
]

/** The most significant digits for which a double still identifies the decimal value. */
export const EXACT_SIGNIFICANT_DIGITS = 15

/** Returns 10^exponent for 0 ≤ exponent ≤ 22, exactly. */
export function powerOfTen(exponent: number): number {
  return POW10[exponent] as number
}

/**
 * What `scanDecimal` found. One instance is reused across calls by its owner, so that scanning
 * allocates nothing.
 */
export class DecimalScan {
  /** The nearest double to the decimal. */
  value = 0
  /** The decimal as an exact integer count of 10^-scale, or -1 when that is not available. */
  units = -1
  /** Digits after the decimal point. */
  scale = 0
  /**
   * True when the decimal is in plain notation with at most 15 significant digits: then the
   * double identifies the decimal, so comparing doubles compares the decimals exactly.
   */
  isExact = false
}

/**
 * Scans `text[start, end)` as a decimal number: an optional `-`, digits, an optional fraction
 * (`.` and digits) and an optional exponent (`e`, optional sign, digits). Writes the result
 * into `out` and returns true, or returns false when the text is not such a number.
 */
export function scanDecimal(text: string, start: number, end: number, out: DecimalScan): boolean {
  let index = start
  let isNegative = false
  if (index < end && text.charCodeAt(index) === 45 /* - */) {
    isNegative = true
    index++
  }
  let mantissa = 0
  let significant = 0
  let integerDigits = 0
  while (index < end) {
    const digit = text.charCodeAt(index) - 48
    if (digit < 0 || digit > 9) break
    integerDigits++
    if (significant > 0 || digit !== 0) significant++
    mantissa = mantissa * 10 + digit
    index++
  }
  if (integerDigits === 0) return false
  let scale = 0
  if (index < end && text.charCodeAt(index) === 46 /* . */) {
    index++
    while (index < end) {
      const digit = text.charCodeAt(index) - 48
      if (digit < 0 || digit > 9) break
      scale++
      if (significant > 0 || digit !== 0) significant++
      mantissa = mantissa * 10 + digit
      index++
    }
    if (scale === 0) return false
  }
  let hasExponent = false
  if (index < end) {
    const code = text.charCodeAt(index)
    if (code !== 101 /* e */ && code !== 69 /* E */) return false
    hasExponent = true
    index++
    if (index < end) {
      const sign = text.charCodeAt(index)
      if (sign === 43 /* + */ || sign === 45 /* - */) index++
    }
    const exponentStart = index
    while (index < end) {
      const digit = text.charCodeAt(index) - 48
      if (digit < 0 || digit > 9) break
      index++
    }
    if (index === exponentStart || index !== end) return false
  }
  out.scale = scale
  if (!hasExponent && significant <= EXACT_SIGNIFICANT_DIGITS && scale < POW10.length) {
    // The mantissa is an exact integer below 10^15 and 10^scale is exact, so one division
    // gives the correctly rounded double (the classic fast path of decimal conversion).
    const magnitude = mantissa / (POW10[scale] as number)
    out.value = isNegative ? -magnitude : magnitude
    out.units = isNegative ? -1 : mantissa
    out.isExact = true
  } else {
    out.value = Number(text.slice(start, end))
    out.units = -1
    out.isExact = false
  }
  return true
}

/** Returns true when `text` is a decimal number in the syntax `scanDecimal` accepts. */
export function isDecimalText(text: string): boolean {
  return scanDecimal(text, 0, text.length, new DecimalScan())
}

/**
 * Scans `text[start, end)` as a non-negative integer of at most 16 digits (a millisecond
 * timestamp) and returns it, or -1 when it is not one.
 */
export function scanTimestamp(text: string, start: number, end: number): number {
  if (end <= start || end - start > 16) return -1
  let value = 0
  for (let index = start; index < end; index++) {
    const digit = text.charCodeAt(index) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return Number.isSafeInteger(value) ? value : -1
}

/**
 * Returns the plain decimal text of `units` × 10^-scale without trailing fraction zeros,
 * e.g. (12300, 4) → "1.23". `units` is a non-negative safe integer.
 */
export function unitsToText(units: number, scale: number): string {
  let digits = String(units)
  let fractionDigits = scale
  while (fractionDigits > 0 && digits.length > 1 && digits.charCodeAt(digits.length - 1) === 48) {
    digits = digits.slice(0, -1)
    fractionDigits--
  }
  if (fractionDigits === 0 || units === 0) return units === 0 ? '0' : digits
  const padded =
    digits.length > fractionDigits
      ? digits
      : '0'.repeat(fractionDigits - digits.length + 1) + digits
  const point = padded.length - fractionDigits
  return `${padded.slice(0, point)}.${padded.slice(point)}`
}
