/** Error codes that cross the boundary; never a stack trace. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'UNSUPPORTED',
  'FORBIDDEN',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ContractError {
  code: ErrorCode
  message: string
}

/** What every command returns across IPC and HTTP (Signal's result shape). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError }

/** An error a command handler throws on purpose; its code and message cross the boundary. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'CommandError'
  }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
})
