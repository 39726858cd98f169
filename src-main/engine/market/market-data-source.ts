import type { Candle } from './candle'
import type { CandleRejection } from './candle-rejection'
import type { ConnectionState } from './connection-state'
import type { OrderBookSummary } from './order-book-summary'

/** Where a closed candle came from. */
export type CandleOrigin =
  /** The history fetched at start. */
  | 'backfill'
  /** Followed as it closed (websocket or polling). */
  | 'live'
  /** Fetched after a disconnect to fill the gap it left. */
  | 'recovery'
  /** Recorded candles played back on the virtual clock. */
  | 'replay'

/** The latest trade price and best quotes of a symbol, as decimal strings. */
export interface Tick {
  readonly symbol: string
  /** When the source saw it (source clock, Unix ms). */
  readonly timestampMs: number
  readonly last: string
  readonly bid: string | null
  readonly ask: string | null
}

/**
 * A stretch of 1-minute candles a source could not deliver in time: after a disconnect
 * (`reconnect`, recovered from REST on reconnect), or missing from the exchange's answer
 * (`exchange`, e.g. older than the 720 candles Kraken keeps).
 */
export interface CandleGap {
  readonly symbol: string
  readonly reason: 'reconnect' | 'exchange'
  /** Open time of the first candle of the gap. */
  readonly fromMs: number
  /** Open time of the last candle of the gap. */
  readonly toMs: number
  /** How many 1-minute candles the gap spans. */
  readonly missingCandles: number
  /** How many of them were fetched afterwards. */
  readonly recoveredCandles: number
}

/** A change of a source's connection state. */
export interface ConnectionStateChange {
  readonly state: ConnectionState
  readonly previous: ConnectionState
  /** Why, for logs (`error=…`), when the change was caused by a failure. */
  readonly reason: string | null
}

/**
 * What a market data source tells its subscribers. Every handler is optional. Handlers run
 * synchronously inside the source; they must not throw (a throwing handler is logged and
 * skipped) and must not keep the `tick` object, which a source may reuse.
 */
export interface MarketDataListener {
  /** A closed 1-minute candle of `symbol`, validated, in time order per symbol. */
  onCandle?(symbol: string, candle: Candle, origin: CandleOrigin): void
  onTick?(tick: Tick): void
  onGap?(gap: CandleGap): void
  onConnectionState?(change: ConnectionStateChange): void
  /** Exchange data refused before it became a candle or tick. */
  onRejected?(symbol: string, rejection: CandleRejection | PayloadRejection): void
}

/** Why exchange data that is not a candle yet (a malformed row or ticker) was refused. */
export interface PayloadRejection {
  readonly code: 'INVALID_PAYLOAD'
  /** `INVALID_PAYLOAD: key=value …`. */
  readonly message: string
}

/** How a source starts. */
export interface MarketSourceStartOptions {
  /**
   * Per symbol, the open time of the newest candle already stored: a live source backfills
   * only what follows it (and reports a gap when the exchange no longer has all of it).
   */
  readonly resumeAfterMs?: Readonly<Record<string, number>>
}

/**
 * The market data port: closed 1-minute candles per symbol (history first, then as they
 * close), ticks, order-book summaries, gaps and connection state. The live Kraken source
 * and the replay source implement it; the candle ingest service consumes it.
 */
export interface MarketDataSource {
  /** The symbols it delivers. */
  readonly symbols: readonly string[]
  readonly connectionState: ConnectionState
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: MarketDataListener): () => void
  /** Starts delivering (a live source backfills, then follows the market). */
  start(options?: MarketSourceStartOptions): Promise<void>
  /** Stops delivering and waits for work in flight. */
  stop(): Promise<void>
  /** The latest tick of a symbol, or null before the first. */
  latestTick(symbol: string): Tick | null
  /** Fetches the top `depth` levels of a symbol's book, or null when the source has none. */
  fetchOrderBook(symbol: string, depth: number): Promise<OrderBookSummary | null>
}
