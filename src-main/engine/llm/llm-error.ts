/**
 * What went wrong with an LLM call, named by what the caller does about it:
 * retry (rate_limited, overloaded, server), fall back to another model (the rest),
 * or stop (aborted).
 */
export type LlmErrorKind =
  | 'timeout'
  | 'rate_limited'
  | 'overloaded'
  | 'auth'
  | 'not_found'
  | 'bad_request'
  | 'server'
  | 'network'
  /** The caller's signal aborted the call. */
  | 'aborted'
  /** The provider has no API key; no request was sent. */
  | 'unavailable'
  /**
   * The provider has its key but its SDK could not be loaded; no request was sent. The
   * provider is broken, not unconfigured: it counts against health, and its next call tries
   * the import again.
   */
  | 'sdk_load_failed'
  /** The model is marked unhealthy after repeated failures and was skipped. */
  | 'unhealthy'
  /** The answer did not satisfy the output schema, even after the repair attempt. */
  | 'invalid_output'
  /** Replay mode found no recorded answer for the request. */
  | 'replay_miss'
  /** The model or provider is not in the catalogue, or no model was left to ask. */
  | 'no_model'

export interface LlmError {
  readonly kind: LlmErrorKind
  /** Context as key=value, never a key or a stack. */
  readonly message: string
  /** The HTTP status when the provider answered with one. */
  readonly status?: number
  /** How long the provider asked us to wait before retrying. */
  readonly retryAfterMs?: number
}

const RETRYABLE: ReadonlySet<LlmErrorKind> = new Set(['rate_limited', 'overloaded', 'server'])

const NOT_A_PROVIDER_FAULT: ReadonlySet<LlmErrorKind> = new Set([
  'aborted',
  'unavailable',
  'unhealthy',
  'invalid_output',
  'replay_miss',
  'no_model',
])

/** Returns true when retrying the same request is safe and may help (429, overload, 5xx). */
export function isRetryable(error: LlmError): boolean {
  return RETRYABLE.has(error.kind)
}

/** Returns true when the failure says something about the provider's health. */
export function countsAgainstHealth(error: LlmError): boolean {
  return !NOT_A_PROVIDER_FAULT.has(error.kind)
}

/** Builds an error value. */
export function llmError(
  kind: LlmErrorKind,
  message: string,
  extra: { status?: number; retryAfterMs?: number } = {},
): LlmError {
  return { kind, message, ...extra }
}

/** Maps an HTTP status to the error taxonomy; `message` is the provider's text. */
export function errorFromStatus(status: number, message: string, retryAfterMs?: number): LlmError {
  const extra = retryAfterMs === undefined ? { status } : { status, retryAfterMs }
  const text = `status=${status} ${message}`
  if (status === 429) return llmError('rate_limited', text, extra)
  if (status === 503 || status === 529) return llmError('overloaded', text, extra)
  if (status === 408 || status === 504) return llmError('timeout', text, extra)
  if (status === 401 || status === 402 || status === 403) return llmError('auth', text, extra)
  if (status === 404) return llmError('not_found', text, extra)
  // xAI answers a bad key with 400 rather than 401 (llm-provider-apis.md §1.8).
  if (status === 400 && /api key/i.test(message)) return llmError('auth', text, extra)
  if (status >= 500) return llmError('server', text, extra)
  return llmError('bad_request', text, extra)
}

/** Reads `retry-after-ms` or `retry-after` (seconds or an HTTP date is not used) from headers. */
export function retryAfterFromHeaders(headers: unknown): number | undefined {
  if (!headers || typeof (headers as Headers).get !== 'function') return undefined
  const read = (name: string) => (headers as Headers).get(name)
  const ms = Number(read('retry-after-ms'))
  if (read('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms
  const seconds = Number(read('retry-after'))
  if (read('retry-after') !== null && Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000
  }
  return undefined
}

/** Returns the error's message, or its string form for thrown non-errors. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message
  return String(thrown)
}
