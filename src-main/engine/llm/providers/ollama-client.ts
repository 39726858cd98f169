import { Ollama, type Fetch } from 'ollama'
import { describeThrown, errorFromStatus, llmError, type LlmError } from '../llm-error'

/**
 * Returns an ollama-js client whose every request also ends when `signal` aborts.
 * ollama-js cannot abort non-streamed calls, nor a stream before its headers arrive
 * (llm-provider-apis.md §3.2), so the signal is joined at the fetch level.
 */
export function ollamaClient(host: string, fetchImpl: Fetch, signal?: AbortSignal): Ollama {
  if (!signal) return new Ollama({ host, fetch: fetchImpl })
  const joined: Fetch = (input, init) =>
    fetchImpl(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    })
  return new Ollama({ host, fetch: joined })
}

/** Maps an error thrown by ollama-js (or the fetch under it) to the error taxonomy. */
export function mapOllamaError(error: unknown): LlmError {
  if (error instanceof Error && error.name === 'AbortError') {
    return llmError('aborted', 'request aborted')
  }
  const statusCode = (error as { status_code?: unknown } | null)?.status_code
  if (error instanceof Error && error.name === 'ResponseError' && typeof statusCode === 'number') {
    return errorFromStatus(statusCode, error.message)
  }
  if (error instanceof TypeError) {
    // fetch's "fetch failed"; the reason (ECONNREFUSED …) is in `cause`.
    return llmError('network', `connection failed: ${describeThrown(error.cause ?? error)}`)
  }
  // An `{"error": …}` line inside a stream is thrown as a plain Error.
  return llmError('server', describeThrown(error))
}
