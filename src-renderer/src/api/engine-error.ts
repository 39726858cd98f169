import type { ContractError, ErrorCode } from '../../../src-shared/result'
import { ERROR_CODES } from '../../../src-shared/result'

/** A command failure as the renderer sees it: the engine's code and message, never a stack. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'EngineError'
  }

  /** Returns the plain `{code, message}` shape stores keep in their state. */
  toContractError(): ContractError {
    return { code: this.code, message: this.message }
  }
}

/** Returns the code when `value` is one the contract knows, INTERNAL otherwise. */
export function toErrorCode(value: unknown): ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(value) ? (value as ErrorCode) : 'INTERNAL'
}

/** Returns a `{code, message}` for anything a command may reject with. */
export function describeError(error: unknown): ContractError {
  if (error instanceof EngineError) return error.toContractError()
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message }
  return { code: 'INTERNAL', message: String(error) }
}
