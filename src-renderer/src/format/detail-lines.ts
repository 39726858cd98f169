import { DECIMAL_TEXT_PATTERN } from '../../../src-shared/contract/primitives'
import { asWords } from '../../../src-shared/words'
import { formatConfidenceOrRegime } from './agent-fields'
import { DASH, formatPrice, formatQuantity } from './numbers'

/**
 * Fields holding a price (`average_fill_price`, `amended_trigger_price`, a decision's
 * `stopLoss`, an analysis's `support` levels): shown as prices.
 */
const PRICE_FIELD = /(price|stop_?loss|take_?profit|support|resistance)$/i

/** Fields holding an engine name (`previous_status: 'PARTIALLY_FILLED'`, a role): in words. */
const NAME_FIELD = /(status|type|role|side)$/i

/**
 * Returns an engine record's details (an order's timeline step, a decision trace step) as
 * short lines, one per field, each its name in words and its value (see
 * {@link formatDetailValue}): the order manager's `previous_status: 'OPEN', filled_size:
 * '0.05', average_fill_price: '65000.1'` reads "previous status: open", "filled size: 0.05",
 * "average fill price: 65,000.10". A record inside (a signal's agent `output`) gives a line per
 * field, named after it: "output action: BUY", "output confidence: 68%". Fields with nothing
 * in them (no fill price yet, no error) are left out.
 */
export function detailLines(record: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(record).flatMap(([name, value]) =>
    isRecord(value)
      ? fieldLines(value).map((line) => `${asWords(name)} ${line}`)
      : fieldLines({ [name]: value }),
  )
}

/**
 * Returns one detail's value as text, by its field's name: a confidence and a regime as every
 * view shows them ("68%", "Trending bull"), a price as a price, another decimal (a size, a fee)
 * as a quantity, a status, type, role or side in words; a list comma-separated (records in it
 * by semicolons) and a record as `name value · name value`, never as JSON or
 * `[object Object]`; nothing as a dash.
 */
export function formatDetailValue(name: string, value: unknown): string {
  if (!hasContent(value)) return DASH
  const confidenceOrRegime = formatConfidenceOrRegime(name, value)
  if (confidenceOrRegime !== null) return confidenceOrRegime
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (
    typeof value === 'number' ||
    (typeof value === 'string' && DECIMAL_TEXT_PATTERN.test(value))
  ) {
    return PRICE_FIELD.test(name) ? formatPrice(value) : formatQuantity(value)
  }
  if (typeof value === 'string') return NAME_FIELD.test(name) ? asWords(value) : value
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) => formatDetailValue(name, item))
      .join(value.some(isRecord) ? '; ' : ', ')
  }
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([field, item]) => `${asWords(field)} ${formatDetailValue(field, item)}`)
      .join(' · ')
  }
  return String(value)
}

/** Returns a record's fields with something in them as "name in words: value" lines. */
const fieldLines = (record: Readonly<Record<string, unknown>>): string[] =>
  Object.entries(record)
    .filter(([, value]) => hasContent(value))
    .map(([name, value]) => `${asWords(name)}: ${formatDetailValue(name, value)}`)

/** Whether a value holds something: not null, no text, an empty list or an empty record. */
const hasContent = (value: unknown): boolean =>
  value !== null &&
  value !== undefined &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0) &&
  !(isRecord(value) && Object.keys(value).length === 0)

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
