import { formatConfidence } from '../../../src-shared/confidence-text'
import { DECIMAL_TEXT_PATTERN } from '../../../src-shared/contract/primitives'
import { asCapitalisedWords, asWords } from '../../../src-shared/words'
import { DASH, formatPrice, formatQuantity, formatQuoteAmount } from './numbers'

/**
 * Fields holding a price (`average_fill_price`, `amended_trigger_price`, a decision's
 * `stopLoss`, an analysis's `support` levels): shown as prices.
 */
const PRICE_FIELD = /(price|stop_?loss|take_?profit|support|resistance)$/i

/**
 * Fields holding an amount of the market's quote asset (an order's or a fill's `fee`, a closed
 * position's `realized_pnl`): shown in that asset's places when the market is known.
 */
const QUOTE_AMOUNT_FIELD = /(fees?|pnl)$/i

/** Fields holding an engine name (`previous_status: 'PARTIALLY_FILLED'`, a role): in words. */
const NAME_FIELD = /(status|type|role|side)$/i

/** Fields holding a fraction the views show as a percentage. */
const FRACTION_FIELDS = new Set(['confidence', 'agreement'])

/**
 * Returns an engine record's details (an order's timeline step, a decision trace step) as
 * short lines, one per field, each its name in words and its value (see
 * {@link formatDetailValue}, given the record's market `symbol` when known): the order
 * manager's `previous_status: 'OPEN', filled_size: '0.05', average_fill_price: '65000.1', fee:
 * '1.3'` on BTC/USDT reads "previous status: open", "filled size: 0.05", "average fill price:
 * 65,000.10", "fee: 1.30". A record inside (a signal's agent `output`) gives a line per field,
 * named after it: "output action: BUY", "output confidence: 68%". Fields with nothing in them
 * (no fill price yet, no error) are left out.
 */
export function detailLines(
  record: Readonly<Record<string, unknown>>,
  symbol?: string | null,
): string[] {
  return Object.entries(record).flatMap(([name, value]) =>
    isRecord(value)
      ? fieldLines(value, symbol).map((line) => `${asWords(name)} ${line}`)
      : fieldLines({ [name]: value }, symbol),
  )
}

/**
 * Returns one field of an engine record (a timeline step's detail, an agent's output) as text,
 * by its name: a confidence or an agreement as a percentage ("68%") and a regime in words
 * ("Trending bull"), as every view shows them; a number or decimal text as
 * {@link formatNumeric} does; a status, type, role or side in words; a flag as yes or no; a
 * list comma-separated (records in it by semicolons) and a record as `name value · name
 * value`, never as JSON or `[object Object]`; nothing as a dash.
 */
export function formatDetailValue(name: string, value: unknown, symbol?: string | null): string {
  if (!hasContent(value)) return DASH
  if (FRACTION_FIELDS.has(name) && typeof value === 'number') return formatConfidence(value)
  if (name === 'regime' && typeof value === 'string') return asCapitalisedWords(value)
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number' || (typeof value === 'string' && DECIMAL_TEXT_PATTERN.test(value)))
    return formatNumeric(name, value, symbol)
  if (typeof value === 'string') return NAME_FIELD.test(name) ? asWords(value) : value
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) => formatDetailValue(name, item, symbol))
      .join(value.some(isRecord) ? '; ' : ', ')
  }
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([field, item]) => `${asWords(field)} ${formatDetailValue(field, item, symbol)}`)
      .join(' · ')
  }
  return String(value)
}

/**
 * Returns a number or decimal text by its field's name: a price as a price ("65,000.10"), an
 * amount of the quote asset in its places on a known market ("1.30" on BTC/USDT), another
 * decimal text (a size) to the last place ("0.0000031"), and a number (a score, a multiplier, a
 * latency) to 3 places under 1 and 2 from 1 up, trailing zeros trimmed ("0.743", "54.32", "1").
 */
function formatNumeric(name: string, value: number | string, symbol?: string | null): string {
  if (PRICE_FIELD.test(name)) return formatPrice(value)
  if (symbol && QUOTE_AMOUNT_FIELD.test(name)) return formatQuoteAmount(value, symbol)
  // The engine sends exact amounts as decimal texts and measures as numbers: a size keeps every
  // place, a score only the few a reader compares.
  if (typeof value === 'string') return formatQuantity(value)
  return formatQuantity(value, { maxPlaces: Math.abs(value) < 1 ? 3 : 2 })
}

/** Returns a record's fields with something in them as "name in words: value" lines. */
const fieldLines = (
  record: Readonly<Record<string, unknown>>,
  symbol: string | null | undefined,
): string[] =>
  Object.entries(record)
    .filter(([, value]) => hasContent(value))
    .map(([name, value]) => `${asWords(name)}: ${formatDetailValue(name, value, symbol)}`)

/** Whether a value holds something: not null, no text, an empty list or an empty record. */
const hasContent = (value: unknown): boolean =>
  value !== null &&
  value !== undefined &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0) &&
  !(isRecord(value) && Object.keys(value).length === 0)

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
