import type { Candle } from './candle'
import type { CandleRejection } from './candle-rejection'
import type { PayloadRejection, Tick } from './market-data-source'
import type { OrderBookLevels } from './order-book-summary'

/** Validated 1-minute candles from an exchange answer, plus what was refused. */
export interface ExchangeCandles {
  /** Sound candles, oldest first; the newest may still be open. */
  readonly candles: readonly Candle[]
  /** Rows refused (malformed, or failing candle validation), with reasons. */
  readonly rejections: readonly (CandleRejection | PayloadRejection)[]
}

/** What to do about a failed exchange call. */
export type MarketExchangeErrorKind =
  /** Network trouble, maintenance, rate limits: try again later. */
  | 'temporary'
  /** The exchange refused the request (unknown symbol, bad arguments). */
  | 'rejected'
  /** The answer did not have the documented shape. */
  | 'invalid-payload'
  /** The exchange or this client cannot do it (e.g. no websocket). */
  | 'unsupported'
  /** The client was closed (stop in progress). */
  | 'closed'

/** A failed market data call, classified once at the adapter edge. */
export class MarketExchangeError extends Error {
  readonly kind: MarketExchangeErrorKind

  constructor(kind: MarketExchangeErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MarketExchangeError'
    this.kind = kind
  }
}

/**
 * The exchange side of the live market source: public market data only, in the engine's
 * types (ccxt stays behind the adapter). Every method validates what the exchange returned
 * and throws `MarketExchangeError` when the call fails.
 */
export interface MarketExchange {
  /** The exchange name for logs. */
  readonly name: string
  /** The most candles one candle request returns (Kraken: 720). */
  readonly pageLimit: number
  /** True when `watchCandles` / `watchTicker` can stream (websocket). */
  readonly canStream: boolean
  /** Loads what the client needs before the first call (markets). */
  connect(): Promise<void>
  /** 1-minute candles opened at or after `sinceMs` (the newest may still be open). */
  fetchCandles(symbol: string, sinceMs: number): Promise<ExchangeCandles>
  /** The ticker of each symbol (one request). */
  fetchTickers(symbols: readonly string[]): Promise<Tick[]>
  /** The top `depth` levels of each side of the book. */
  fetchOrderBook(symbol: string, depth: number): Promise<OrderBookLevels>
  /** Resolves with the 1-minute candles updated since the previous call (websocket). */
  watchCandles(symbol: string): Promise<ExchangeCandles>
  /** Resolves with the next ticker update (websocket). */
  watchTicker(symbol: string): Promise<Tick>
  /** Closes connections; pending watches reject with kind `closed`. */
  close(): Promise<void>
}
