import { COMMANDS } from '../../../src-shared/contract'
import type { CommandName } from '../../../src-shared/contract'
import { EngineError } from './engine-error'

/** The REST prefix every command route lives under. */
export const API_PREFIX = '/api/v1'

/** One HTTP request that carries a command. */
export interface HttpRequestPlan {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** Path with parameters filled in and the query string appended. */
  url: string
  /** JSON body for POST/PATCH/PUT (always an object, `{}` when nothing is left). */
  body: Record<string, unknown> | null
}

const PATH_PARAMETER = /:([A-Za-z][A-Za-z0-9]*)/g

/**
 * Returns the HTTP request for a command: `:name` path segments are filled from the input
 * field of the same name, GET and DELETE carry the remaining fields as a query string,
 * other methods as a JSON body. Symbols go into paths in their underscore form
 * (BTC/USDT → BTC_USDT), which the contract's symbol schema accepts.
 */
export function planRequest(name: CommandName, input: unknown): HttpRequestPlan {
  const { method, path } = COMMANDS[name].http
  const rest: Record<string, unknown> = { ...asRecord(name, input) }
  const filledPath = path.replace(PATH_PARAMETER, (_match, key: string) => {
    const value = rest[key]
    if (value === undefined || value === null || value === '') {
      throw new EngineError('BAD_REQUEST', `missing path parameter command=${name} field=${key}`)
    }
    delete rest[key]
    const text = key === 'symbol' ? String(value).replace('/', '_') : String(value)
    return encodeURIComponent(text)
  })
  const url = `${API_PREFIX}${filledPath}`
  if (method === 'GET' || method === 'DELETE') {
    const query = toQueryString(rest)
    return { method, url: query ? `${url}?${query}` : url, body: null }
  }
  return { method, url, body: dropUndefined(rest) }
}

function asRecord(name: CommandName, input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {}
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new EngineError('BAD_REQUEST', `command input must be an object command=${name}`)
  }
  return input as Record<string, unknown>
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))
}

/** Returns `a=1&b=x`, skipping undefined fields; objects are sent as JSON text. */
export function toQueryString(record: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue
    params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
  }
  return params.toString()
}
