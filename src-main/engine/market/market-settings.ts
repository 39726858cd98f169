import type { MarketConfig } from '../config/schemas/market'
import type { SnapshotSettings } from './market-snapshot-builder'
import type { Timeframe } from './timeframe'

/** The `market` section of config/market.yaml. */
export type MarketSection = MarketConfig['market']

/** What config/market.yaml says about the live source (see `LiveMarketSourceOptions`). */
export interface LiveSourceSettings {
  /** Traded symbols, then the correlation-only ones, without duplicates. */
  readonly symbols: readonly string[]
  readonly backfillMinutes: number
  readonly pollIntervalMs: number
  readonly useWebsocket: boolean
  readonly websocketRetryMs: number
}

/** What config/market.yaml says about ingest (see `CandleIngestOptions`). */
export interface IngestSettings {
  readonly timeframes: readonly Timeframe[]
  readonly batchSize: number
  readonly flushIntervalMs: number
  readonly historyLength: number
}

/** Returns the live source settings of the market config. */
export function liveSourceSettings(market: MarketSection): LiveSourceSettings {
  return {
    symbols: [...new Set([...market.symbols, ...market.correlation_symbols])],
    backfillMinutes: market.backfill_minutes,
    pollIntervalMs: market.poll_interval_seconds * 1000,
    useWebsocket: market.use_websocket,
    websocketRetryMs: market.websocket_retry_seconds * 1000,
  }
}

/** Returns the ingest settings of the market config. */
export function ingestSettings(market: MarketSection): IngestSettings {
  return {
    timeframes: market.timeframes,
    batchSize: market.ingest.batch_size,
    flushIntervalMs: market.ingest.flush_interval_seconds * 1000,
    historyLength: market.ingest.history_candles,
  }
}

/** Returns the snapshot settings of the market config. */
export function snapshotSettings(market: MarketSection): SnapshotSettings {
  const { snapshot } = market
  return {
    candlesPerTimeframe: snapshot.candles_per_timeframe,
    maxDataAgeMs: snapshot.max_data_age_seconds * 1000,
    maxFailureRatio: snapshot.max_failure_ratio,
    orderBookDepth: snapshot.order_book_depth,
  }
}
