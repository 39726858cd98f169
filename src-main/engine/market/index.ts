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
