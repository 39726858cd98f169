import {
  BadResponse,
  ExchangeClosedByUser,
  ExchangeError,
  InvalidProxySettings,
  NotSupported,
  OperationFailed,
} from 'ccxt'
import { MarketExchangeError, type MarketExchangeErrorKind } from '../market-exchange'

/**
 * Classifies an error thrown by a ccxt call by what to do about it, once, at the adapter
 * edge: network trouble, unavailability and rate limits are temporary; a closed client is
 * `closed`; an unparsable answer is `invalid-payload`; what the client cannot do is
 * `unsupported`; anything else the exchange refused is `rejected`.
 */
export function classifyCcxtError(error: unknown): MarketExchangeErrorKind {
  if (error instanceof MarketExchangeError) return error.kind
  if (error instanceof ExchangeClosedByUser) return 'closed'
  if (error instanceof NotSupported || error instanceof InvalidProxySettings) return 'unsupported'
  if (error instanceof BadResponse) return 'invalid-payload'
  if (error instanceof OperationFailed) return 'temporary'
  if (error instanceof ExchangeError) return 'rejected'
  // Errors outside ccxt's tree (socket resets surfacing raw) are worth another try.
  return 'temporary'
}

/** Wraps an error of a ccxt call in a MarketExchangeError naming the call, keeping the cause. */
export function toMarketExchangeError(
  error: unknown,
  context: { readonly operation: string; readonly symbol?: string },
): MarketExchangeError {
  if (error instanceof MarketExchangeError) return error
  const kind = classifyCcxtError(error)
  const name = error instanceof Error ? error.name : 'Error'
  const message = error instanceof Error ? error.message : String(error)
  const symbol = context.symbol === undefined ? '' : ` symbol=${context.symbol}`
  return new MarketExchangeError(
    kind,
    `${context.operation} failed: kind=${kind}${symbol} error=${name} message=${JSON.stringify(message.slice(0, 300))}`,
    { cause: error },
  )
}
