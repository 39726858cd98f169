import type { ErrorCode } from '../../../src-shared/result'
import { CommandError } from '../../../src-shared/result'
import type { ExecutionErrorCode } from '../execution'

const CODE_BY_REFUSAL: Record<ExecutionErrorCode, ErrorCode> = {
  NOT_SYNCED: 'UNAVAILABLE',
  INVALID_REQUEST: 'BAD_REQUEST',
  INVALID_SIZE: 'BAD_REQUEST',
  PRICE_OUT_OF_RANGE: 'BAD_REQUEST',
  STALE_PRICE: 'UNAVAILABLE',
  INVALID_PROTECTION: 'BAD_REQUEST',
  MAX_POSITIONS_PER_SYMBOL: 'CONFLICT',
  MAX_POSITIONS_TOTAL: 'CONFLICT',
  POSITION_NOT_FOUND: 'NOT_FOUND',
  ORDER_NOT_FOUND: 'NOT_FOUND',
  ORDER_NOT_CANCELLABLE: 'CONFLICT',
  ORDER_REJECTED: 'CONFLICT',
  INSUFFICIENT_FUNDS: 'CONFLICT',
  AUTHENTICATION_FAILED: 'UNAVAILABLE',
  BROKER_UNAVAILABLE: 'UNAVAILABLE',
  ORDER_UNCONFIRMED: 'UNAVAILABLE',
  OPERATIONAL_ERROR: 'UNAVAILABLE',
}

/** Turns an execution refusal into the command error the UI shows, keeping its message. */
export function refusal(code: ExecutionErrorCode, message: string): CommandError {
  return new CommandError(CODE_BY_REFUSAL[code], message)
}
