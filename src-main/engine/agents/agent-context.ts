/**
 * The market snapshot the agents consume, kept minimal so the market snapshot builder
 * (src-main/engine/market) can produce it from its IndicatorSet without the agents
 * knowing how indicators are computed. Prices are decimal strings; indicator values are
 * plain numbers (ratios and oscillators), null while an indicator is still warming up.
 */
export interface MarketSnapshot {
  /** BASE/QUOTE, e.g. `BTC/USDT`. */
  readonly symbol: string
  /** When the snapshot was built, Unix ms on the engine clock. */
  readonly timestampMs: number
  /** The last price as a decimal string. */
  readonly price: string
  /** Percentage change over 24 h (e.g. -2.5 for -2.5 %), null when unknown. */
  readonly change24hPct: number | null
  /** Per timeframe (`1m`, `5m`, `15m`, `1h`, `4h`, `1d`): indicator values and recent candles. */
  readonly timeframes: Readonly<Record<string, TimeframeSnapshot>>
  /** Age of the newest candle behind the snapshot, in ms; agents mention stale data. */
  readonly dataAgeMs: number
}

/** Indicator values and recent closed candles of one timeframe. */
export interface TimeframeSnapshot {
  /** Keyed by {@link INDICATOR_NAMES} values; extra keys are shown to models as they are. */
  readonly indicators: Readonly<Record<string, number | null>>
  /** Recent closed candles, oldest first. */
  readonly candles: readonly SnapshotCandle[]
}

/** One closed candle with decimal-string prices. */
export interface SnapshotCandle {
  /** Open time, Unix ms. */
  readonly timestampMs: number
  readonly open: string
  readonly high: string
  readonly low: string
  readonly close: string
  readonly volume: string
}

/**
 * The indicator keys the rules provider reads. The snapshot builder should use these names
 * (the market layer's `flattenIndicators` produces them); a missing key counts as "not available" and
 * lowers the rules' confidence.
 */
export const INDICATOR_NAMES = {
  emaFast: 'ema_9',
  emaMedium: 'ema_21',
  emaSlow: 'ema_50',
  emaLong: 'ema_200',
  adx: 'adx',
  rsi: 'rsi',
  macd: 'macd',
  macdSignal: 'macd_signal',
  macdHistogram: 'macd_histogram',
  atr: 'atr',
  bollingerUpper: 'bb_upper',
  bollingerMiddle: 'bb_middle',
  bollingerLower: 'bb_lower',
  /** (upper − lower) / middle. */
  bollingerWidth: 'bb_width',
  donchianUpper: 'donchian_upper',
  donchianLower: 'donchian_lower',
  choppiness: 'choppiness',
} as const
