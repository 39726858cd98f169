import type { Clock } from '../clock'
import { asBrokerError, type BrokerError } from './broker/broker-error'

/** Exponential backoff: base × 2^attempt, capped. */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs = 60_000): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** attempt)
}

export interface RetryOptions {
  readonly clock: Clock
  /** Retries after the first attempt. */
  readonly maxRetries: number
  readonly baseDelayMs: number
  readonly onRetry?: (error: BrokerError, attempt: number, delayMs: number) => void
}

/**
 * Runs a broker call, retrying with exponential backoff on the injected clock, but only when
 * the failure is temporary or rate-limited; anything else is thrown at once as a BrokerError.
 * Not for placing orders: a retry after an ambiguous placement must look the order up first.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation()
    } catch (caught) {
      const error = asBrokerError(caught)
      if (!error.isRetryable || attempt >= options.maxRetries) throw error
      const delayMs = backoffDelayMs(attempt, options.baseDelayMs)
      options.onRetry?.(error, attempt + 1, delayMs)
      await options.clock.sleep(delayMs)
    }
  }
}
