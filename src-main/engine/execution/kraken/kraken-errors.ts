import {
  AuthenticationError,
  BadRequest,
  BadResponse,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  OnMaintenance,
  OrderNotFound,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt'
import { BrokerError, type BrokerErrorKind } from '../broker/broker-error'

type Context = Readonly<Record<string, string | number | undefined>>

/**
 * Kraken error strings ccxt leaves as a generic ExchangeError, classified here (see the
 * reference notes on ccxt's kraken `exceptions` map).
 */
const UNMAPPED_KRAKEN_ERRORS: ReadonlyArray<[string, BrokerErrorKind]> = [
  ['EAPI:Invalid signature', 'authentication'],
  ['EAPI:Feature disabled', 'authentication'],
  ['EOrder:Insufficient margin', 'insufficient-funds'],
  ['EOrder:Margin allowance exceeded', 'insufficient-funds'],
  ['EOrder:Cost minimum not met', 'invalid-order'],
  ['EOrder:Cannot open position', 'invalid-order'],
  ['EOrder:Positions limit exceeded', 'invalid-order'],
  ['EOrder:Orders limit exceeded', 'rate-limited'],
  ['EService:Throttled', 'rate-limited'],
  ['EService:Deadline elapsed', 'temporary'],
  ['EService:Market in limit_only mode', 'temporary'],
  ['EQuery:Unknown asset pair', 'invalid-order'],
]

/**
 * Maps a ccxt exception to a {@link BrokerError}, once, here at the edge. `isAmbiguous`
 * marks failures after which the request may still have been executed (timeouts, lost
 * responses, 5xx): the order manager looks the order up before retrying. For queries of one
 * order (`operation` fetchOrder / cancelOrder, and amendOrder's "unknown order") Kraken's
 * "invalid/unknown order" means not found.
 */
export function mapCcxtError(error: unknown, context: Context): BrokerError {
  const message = error instanceof Error ? error.message : String(error)
  const make = (kind: BrokerErrorKind, code: string, isAmbiguous = false) =>
    new BrokerError(kind, code, {
      isAmbiguous,
      context: { ...context, detail: shorten(message) },
      cause: error,
    })
  const isSingleOrderQuery =
    context.operation === 'fetchOrder' ||
    context.operation === 'cancelOrder' ||
    // An amend is refused as invalid for its values too (a size under the minimum).
    (context.operation === 'amendOrder' && message.includes('Unknown order'))
  // Subclasses before their parents: ccxt's hierarchy nests them.
  if (error instanceof RequestTimeout) return make('temporary', 'REQUEST_TIMEOUT', true)
  if (error instanceof OnMaintenance) return make('temporary', 'EXCHANGE_MAINTENANCE')
  if (error instanceof ExchangeNotAvailable) return make('temporary', 'EXCHANGE_UNAVAILABLE', true)
  if (error instanceof DDoSProtection || error instanceof RateLimitExceeded) {
    return make('rate-limited', 'RATE_LIMITED')
  }
  if (error instanceof InvalidNonce) return make('temporary', 'INVALID_NONCE')
  if (error instanceof NetworkError) return make('temporary', 'NETWORK_ERROR', true)
  if (error instanceof BadResponse) return make('temporary', 'BAD_RESPONSE', true)
  if (error instanceof OrderNotFound) return make('not-found', 'ORDER_NOT_FOUND')
  if (error instanceof InsufficientFunds) return make('insufficient-funds', 'INSUFFICIENT_FUNDS')
  if (error instanceof AuthenticationError) return make('authentication', 'AUTHENTICATION_FAILED')
  if (error instanceof InvalidOrder) {
    return isSingleOrderQuery
      ? make('not-found', 'ORDER_NOT_FOUND')
      : make('invalid-order', 'INVALID_ORDER')
  }
  if (error instanceof BadRequest) return make('invalid-order', 'BAD_REQUEST')
  if (error instanceof ExchangeError) {
    const match = UNMAPPED_KRAKEN_ERRORS.find(([text]) => message.includes(text))
    if (match)
      return make(match[1], `KRAKEN_${match[0].split(':')[1]!.toUpperCase().replaceAll(' ', '_')}`)
    return make('operational', 'EXCHANGE_ERROR')
  }
  // Not from ccxt's hierarchy: a failure while reading an answer; a placement may have landed.
  return make('operational', 'UNEXPECTED_ERROR', context.operation === 'placeOrder')
}

function shorten(message: string): string {
  return message.length > 300 ? `${message.slice(0, 300)}…` : message
}
