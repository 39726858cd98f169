import { KrakenError, invalidArgument } from './kraken-errors'

/** A request parameter after decoding: a string, or one level of `name[key]` nesting. */
export type ParamValue = string | Readonly<Record<string, string>>

/** Decoded request parameters, whatever the body encoding was. */
export type RequestParams = Readonly<Record<string, ParamValue>>

const NESTED_KEY = /^([^[\]]+)\[([^[\]]+)\]$/

/**
 * Decodes a query string or form body. `close[ordertype]=stop-loss` becomes
 * `{close: {ordertype: 'stop-loss'}}` (ccxt does not percent-encode the brackets, but
 * encoded brackets decode to the same key).
 */
export function parseFormParams(text: string): RequestParams {
  const params: Record<string, ParamValue> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    const nested = NESTED_KEY.exec(key)
    if (!nested) {
      params[key] = value
      continue
    }
    const [, outer = '', inner = ''] = nested
    const existing = params[outer]
    params[outer] = { ...(typeof existing === 'object' ? existing : {}), [inner]: value }
  }
  return params
}

/**
 * Decodes a JSON body (ccxt sends JSON for batch calls and percent trailing stops).
 * Scalars become strings so every endpoint validates one shape; arrays become comma lists.
 */
export function parseJsonParams(text: string): RequestParams {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw KrakenError.of(invalidArgument())
  }
  if (!isRecord(body)) throw KrakenError.of(invalidArgument())
  const params: Record<string, ParamValue> = {}
  for (const [key, value] of Object.entries(body)) {
    if (isRecord(value)) {
      params[key] = Object.fromEntries(
        Object.entries(value).map(([inner, item]) => [inner, scalarText(item)]),
      )
    } else {
      params[key] = scalarText(value)
    }
  }
  return params
}

function scalarText(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalarText).join(',')
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
