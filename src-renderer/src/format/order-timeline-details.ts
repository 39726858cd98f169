import { asWords } from '../../../src-shared/words'
import { DASH, formatPrice, formatQuantity } from './numbers'

/** A decimal sent as text, the way sizes, prices and fees cross IPC and HTTP (`"0.05"`). */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/

/** Fields holding a price (`average_fill_price`, `amended_trigger_price`): shown as prices. */
const PRICE_FIELD = /price$/i

/** Fields holding an engine name (`previous_status: 'PARTIALLY_FILLED'`, a role): in words. */
const NAME_FIELD = /(status|type|role|side)$/i

/**
 * Returns the details of an order's timeline step as short lines, one per field, each its
 * name in words and its value (see {@link formatTimelineValue}): the order manager's
 * `previous_status: 'OPEN', filled_size: '0.05', average_fill_price: '65000.1', fee: '1.3'`
 * reads "previous status: open", "filled size: 0.05", "average fill price: 65,000.10",
 * "fee: 1.3". Fields with nothing in them (no fill price yet, no status before the first)
 * are left out.
 */
export function orderTimelineDetails(details: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([name, value]) => `${asWords(name)}: ${formatTimelineValue(name, value)}`)
}

/**
 * Returns one detail's value as text, by its field's name: a price as a price, another
 * decimal (a size, a fee) as a quantity, a status, type, role or side in words; a list
 * comma-separated and a nested record as `name value · name value`, never as JSON or
 * `[object Object]`; nothing as a dash.
 */
export function formatTimelineValue(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return DASH
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number' || (typeof value === 'string' && DECIMAL_TEXT.test(value))) {
    return PRICE_FIELD.test(name) ? formatPrice(value) : formatQuantity(value)
  }
  if (typeof value === 'string') return NAME_FIELD.test(name) ? asWords(value) : value
  if (Array.isArray(value)) {
    return value.length === 0
      ? DASH
      : value.map((item: unknown) => formatTimelineValue(name, item)).join(', ')
  }
  if (typeof value === 'object') {
    const fields = Object.entries(value)
    return fields.length === 0
      ? DASH
      : fields
          .map(([field, item]) => `${asWords(field)} ${formatTimelineValue(field, item)}`)
          .join(' · ')
  }
  return String(value)
}
