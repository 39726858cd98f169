import type { Order } from './order'
import type { Position } from './position'

/** Stable codes of refused or failed executions. */
export type ExecutionErrorCode =
  | 'NOT_SYNCED'
  | 'INVALID_REQUEST'
  | 'INVALID_SIZE'
  | 'PRICE_OUT_OF_RANGE'
  | 'STALE_PRICE'
  | 'INVALID_PROTECTION'
  | 'MAX_POSITIONS_PER_SYMBOL'
  | 'MAX_POSITIONS_TOTAL'
  | 'POSITION_NOT_FOUND'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_CANCELLABLE'
  | 'ORDER_REJECTED'
  | 'INSUFFICIENT_FUNDS'
  | 'AUTHENTICATION_FAILED'
  | 'BROKER_UNAVAILABLE'
  | 'ORDER_UNCONFIRMED'
  | 'OPERATIONAL_ERROR'

/**
 * The outcome of an execution request: refusals and failures are data with a stable code
 * and a `CODE: key=value` message, never exceptions.
 */
export type ExecutionResult =
  | { readonly success: true; readonly order: Order; readonly position: Position | null }
  | {
      readonly success: false
      readonly code: ExecutionErrorCode
      readonly message: string
      /** The stored order when one was written (e.g. rejected by the exchange). */
      readonly order: Order | null
    }

/** Builds a failed result. */
export function failure(
  code: ExecutionErrorCode,
  details: string,
  order: Order | null = null,
): ExecutionResult {
  return { success: false, code, message: details ? `${code}: ${details}` : code, order }
}
