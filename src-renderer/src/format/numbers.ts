import Decimal from 'decimal.js'

/** What a missing or unreadable value shows as. */
export const DASH = '—'

function toDecimal(value: string | number | null | undefined): Decimal | null {
  if (value === null || value === undefined || value === '') return null
  try {
    const decimal = new Decimal(value)
    return decimal.isFinite() ? decimal : null
  } catch {
    return null
  }
}

function group(fixed: string): string {
  const negative = fixed.startsWith('-')
  const unsigned = negative ? fixed.slice(1) : fixed
  const [integer = '0', fraction] = unsigned.split('.')
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`
}

export interface DecimalFormat {
  /** Decimal places; rounds half up. */
  places: number
  /** Prefix positive values with "+" (P&L). */
  signed?: boolean
}

/** Returns a decimal string with thousands separators and fixed places ("12,345.60"). */
export function formatDecimal(
  value: string | number | null | undefined,
  format: DecimalFormat,
): string {
  const decimal = toDecimal(value)
  if (!decimal) return DASH
  const fixed = decimal.toFixed(format.places, Decimal.ROUND_HALF_UP)
  const isZero = new Decimal(fixed).isZero()
  const text = group(isZero ? fixed.replace('-', '') : fixed)
  return format.signed ? withSign(text, isZero) : text
}

/** Returns an amount's text with "+" before a gain (P&L); a loss has its "-", zero neither. */
function withSign(text: string, isZero: boolean): string {
  return !isZero && !text.startsWith('-') ? `+${text}` : text
}

/** Returns the places a price needs to show its precision: 2 for BTC, 8 for XRP/BTC. */
export function pricePlaces(value: string | number | null | undefined): number {
  const decimal = toDecimal(value)
  if (!decimal) return 2
  const magnitude = decimal.abs()
  if (magnitude.gte(1000)) return 2
  if (magnitude.gte(1)) return 4
  if (magnitude.gte(0.01)) return 5
  return 8
}

/** Returns a price with the places its magnitude needs. */
export function formatPrice(value: string | number | null | undefined): string {
  return formatDecimal(value, { places: pricePlaces(value) })
}

export interface QuantityFormat {
  /** The most decimal places kept (8 unless told); rounds half up, trailing zeros trimmed. */
  maxPlaces?: number
  /** Prefix positive values with "+" (P&L). */
  signed?: boolean
}

/** Returns a quantity with up to 8 places, trailing zeros trimmed ("2,500", "0.0000031"). */
export function formatQuantity(
  value: string | number | null | undefined,
  format: QuantityFormat = {},
): string {
  const decimal = toDecimal(value)
  if (!decimal) return DASH
  const rounded = decimal.toDecimalPlaces(format.maxPlaces ?? 8, Decimal.ROUND_HALF_UP)
  const text = group(rounded.toFixed())
  return format.signed ? withSign(text, rounded.isZero()) : text
}

/** Returns a USD amount: "12,345.67" or, signed, "+12.30" / "-4.00". */
export function formatUsd(value: string | number | null | undefined, signed = false): string {
  return formatDecimal(value, { places: 2, signed })
}

/** Quote assets counted in cents: their amounts show two places. */
const FIAT_LIKE = new Set(['USD', 'USDT', 'USDC', 'EUR', 'GBP'])

/**
 * Returns an amount of a market's quote asset (a fee or a P&L, on `XRP/BTC` in BTC): two
 * places for a dollar-like quote, else a quantity's places, so a BTC fee does not read "0.00";
 * signed, a gain with "+" ("+1.30", "+0.0000031").
 */
export function formatQuoteAmount(
  value: string | number | null | undefined,
  symbol: string,
  signed = false,
): string {
  const quote = symbol.split('/')[1] ?? ''
  return FIAT_LIKE.has(quote) ? formatUsd(value, signed) : formatQuantity(value, { signed })
}

/** Returns a percentage with a % sign: "1.25%", signed "+1.25%". */
export function formatPct(
  value: string | number | null | undefined,
  places = 2,
  signed = false,
): string {
  const text = formatDecimal(value, { places, signed })
  return text === DASH ? DASH : `${text}%`
}

/** Returns a 0–1 ratio as a percentage ("0.625" → "62.5%"). */
export function formatRatio(value: number | null | undefined, places = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  return `${(value * 100).toFixed(places)}%`
}

export type Direction = 'up' | 'down' | 'flat'

/** Returns whether a signed amount is a gain, a loss or neither (for colouring). */
export function directionOf(value: string | number | null | undefined): Direction {
  const decimal = toDecimal(value)
  if (!decimal || decimal.isZero()) return 'flat'
  return decimal.isPositive() ? 'up' : 'down'
}

/** Returns a byte count as "4.37 GB", "512 MB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return DASH
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value.toFixed(unit === 0 ? 0 : value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${units[unit]}`
}

/** Returns a decimal string as a number for charts (display only, never for arithmetic). */
export function toChartNumber(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const number = Number(value)
  return Number.isFinite(number) ? number : null
}

/** Returns the sum of decimal strings as a decimal string (for display totals). */
export function sumDecimalTexts(values: readonly (string | null | undefined)[]): string {
  let total = new Decimal(0)
  for (const value of values) {
    const decimal = toDecimal(value)
    if (decimal) total = total.plus(decimal)
  }
  return total.toFixed()
}
