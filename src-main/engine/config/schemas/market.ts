import { z } from 'zod'
import { flag, fraction, positiveInteger, text, tradingPair } from '../schema-helpers'

export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const

/** config/market.yaml: symbols, timeframes, backfill and snapshot settings. */
export const marketFileSchema = z.strictObject({
  market: z.strictObject({
    exchange: text(),
    symbols: z.array(tradingPair()).min(1, { error: 'expected at least one symbol' }),
    /** Symbols fetched only for correlation, never traded. */
    correlation_symbols: z.array(tradingPair()),
    timeframes: z.array(z.enum(TIMEFRAMES, { error: `expected one of ${TIMEFRAMES.join(', ')}` })),
    backfill_minutes: positiveInteger(),
    poll_interval_seconds: positiveInteger(),
    use_websocket: flag(),
    /** After a websocket failure, polling takes over; the websocket is retried this much later. */
    websocket_retry_seconds: positiveInteger(),
    ingest: z.strictObject({
      /** Closed 1m candles written to the store per batch. */
      batch_size: positiveInteger(),
      /** Pending candles are written at least this often. */
      flush_interval_seconds: positiveInteger(),
      /** Closed candles kept in memory per symbol and timeframe (snapshots, charts). */
      history_candles: positiveInteger(),
    }),
    snapshot: z.strictObject({
      candles_per_timeframe: positiveInteger(),
      /** Data older than this is reported stale. */
      max_data_age_seconds: positiveInteger(),
      /** A snapshot of all symbols fails when more than this share of parts failed. */
      max_failure_ratio: fraction(),
      order_book_depth: positiveInteger(),
    }),
    replay: z.strictObject({
      /** CSV files (relative to the app resources) used when no live data is reachable. */
      default_files: z.record(tradingPair(), text()),
    }),
  }),
})

export type MarketConfig = z.infer<typeof marketFileSchema>
