import { STATUS_CODES } from 'node:http'
import type { ContractError, ErrorCode } from '../../../src-shared/result'

/** The HTTP status each contract error code is answered with. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED: 501,
  UNAVAILABLE: 503,
  INTERNAL: 500,
}

/** What fastify, its router, its body parsers or the static file server throw. */
export interface FrameworkError {
  readonly statusCode?: number
  readonly code?: string
}

/** Our words for the refusals fastify raises itself, by fastify's error code. */
const MESSAGE_BY_FASTIFY_CODE: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request body is not valid JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request body too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'content type must be application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length does not match the request body',
  FST_ERR_BAD_URL: 'the URL is not valid: a percent-escape in its path does not decode',
  FST_ERR_MAX_PARAM_LENGTH: 'a path segment of the URL is too long',
}

/**
 * Returns the status and contract error for something fastify, its router or the static file
 * server refused: its own 4xx status, or 500 INTERNAL for anything else. The message is ours,
 * never the error's, which can carry the request's path or a file path.
 */
export function frameworkErrorReply(error: FrameworkError): {
  status: number
  error: ContractError
} {
  const status =
    error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
      ? error.statusCode
      : 500
  if (status === 500) return { status, error: { code: 'INTERNAL', message: 'internal error' } }
  const code: ErrorCode =
    status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST'
  const message =
    (error.code !== undefined ? MESSAGE_BY_FASTIFY_CODE[error.code] : undefined) ??
    // The static file server's 403: a path leaving the UI folder or holding a NUL.
    (status === 403 ? 'path not allowed' : (STATUS_CODES[status] ?? 'bad request').toLowerCase())
  return { status, error: { code, message } }
}

/**
 * Returns the raw HTTP response for a request Node could not even parse (headers too large,
 * a malformed request line), in the same `{error: {code, message}}` shape as every other
 * refusal; the connection is closed after it.
 */
export function clientErrorResponse(error: { code?: string }): string {
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request headers (or the URL) too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request not received in time']
        : [400, 'malformed HTTP request']
  const body = JSON.stringify({ error: { code: 'BAD_REQUEST', message } })
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `Connection: close\r\n\r\n${body}`
  )
}
