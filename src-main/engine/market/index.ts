export {
  Candle,
  compareCandleValues,
  type CandleDecimals,
  type CandleParseResult,
  type CandleStrings,
  type CandleValueField,
  type NumericCandle,
} from './candle'
export {
  aggregateCandles,
  CandleAggregator,
  type AggregateOptions,
  type AggregationResult,
  type CandleAggregatorOptions,
  type CandleListener,
} from './candle-aggregator'
export { candleRejection, type CandleRejection, type CandleRejectionCode } from './candle-rejection'
export { CandleSequenceGuard } from './candle-sequence-guard'
export { validateCandle } from './candle-validation'
export {
  CANDLE_CSV_HEADER,
  CsvCandleParser,
  formatCandlesCsv,
  loadCandlesCsvFile,
  parseCandlesCsv,
  readCandlesCsvFile,
  type CsvCandleBatch,
  type CsvCandleOptions,
  type CsvLoadOptions,
  type CsvParseResult,
  type CsvParseSummary,
  type CsvRowRejection,
} from './csv-candles'
export { DecimalScan, isDecimalText, scanDecimal, unitsToText } from './decimal-text'
export * from './indicators'
export {
  MultiTimeframeIndicators,
  type MultiTimeframeOptions,
  type MultiTimeframeSnapshot,
} from './multi-timeframe-indicators'
export {
  findShippedSlice,
  loadShippedCandles,
  SHIPPED_CANDLE_SLICES,
  type ShippedCandleSlice,
} from './shipped-candles'
export {
  bucketStartMs,
  canAggregate,
  isAlignedTo,
  isTimeframe,
  sortTimeframes,
  TIMEFRAMES,
  timeframeMs,
  timeframeSchema,
  type Timeframe,
} from './timeframe'
export { ExactVolumeSum } from './volume-sum'
export {
  CandleIngestService,
  type CandleIngestOptions,
  type IngestCandleStore,
  type IngestStats,
  type IngestedCandle,
  type MarketStateReader,
} from './candle-ingest-service'
export { CandleRing } from './candle-ring'
export {
  buildSeries,
  CandleSeriesQuery,
  OVERLAY_BOLLINGER,
  OVERLAY_EMA_PERIODS,
  plainDecimal,
  type CandleSeriesQueryOptions,
  type CandleSeriesRequest,
} from './candle-series-query'
export {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  ConnectionStateMachine,
  nextConnectionState,
  type ConnectionEvent,
  type ConnectionState,
  type ConnectionTransition,
} from './connection-state'
export { flattenIndicators, type FlatIndicators } from './flat-indicators'
export {
  LatestPrices,
  type LatestPricesView,
  type PriceListener,
  type PriceUpdate,
} from './latest-prices'
export { LiveMarketSource, type LiveMarketSourceOptions, type LiveMode } from './live-market-source'
export { liveStartWarmupUntilMs, MAX_WARMUP_SHARE } from './live-start-warmup'
export { MarketDataListeners } from './market-data-listeners'
export type {
  CandleGap,
  CandleOrigin,
  ConnectionStateChange,
  MarketDataListener,
  MarketDataSource,
  MarketSourceStartOptions,
  PayloadRejection,
  Tick,
} from './market-data-source'
export {
  MarketExchangeError,
  type ExchangeCandles,
  type MarketExchange,
  type MarketExchangeErrorKind,
} from './market-exchange'
export {
  toSnapshotCandle,
  type MarketSnapshot,
  type MarketSnapshotsResult,
  type SnapshotCandle,
  type SnapshotFailure,
  type SnapshotResult,
  type TimeframeSnapshot,
} from './market-snapshot'
export {
  MarketSnapshotBuilder,
  type MarketSnapshotBuilderOptions,
  type SnapshotSettings,
} from './market-snapshot-builder'
export {
  MarketSnapshotQuery,
  toMarketSnapshotView,
  type MarketSnapshotQueryOptions,
  type SnapshotAgentOutputs,
} from './market-snapshot-query'
export {
  summarizeOrderBook,
  type OrderBookLevel,
  type OrderBookLevels,
  type OrderBookSummary,
} from './order-book-summary'
export {
  ReplayMarketSource,
  type ReplayLoadOptions,
  type ReplayMarketSourceOptions,
  type ReplayProgress,
  type ReplayRunOptions,
  type ReplayRunResult,
  type ReplaySeries,
} from './replay-market-source'
export {
  MIN_ONE_MINUTE_HISTORY,
  SymbolMarketState,
  type SymbolMarketStateOptions,
  type SymbolMarketView,
} from './symbol-market-state'
export {
  ingestSettings,
  liveSourceSettings,
  snapshotSettings,
  type IngestSettings,
  type LiveSourceSettings,
  type MarketSection,
} from './market-settings'
