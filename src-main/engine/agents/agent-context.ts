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
 * ({@link flattenIndicators} produces them); a missing key counts as "not available" and
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

type Value = number | null | undefined
type Channel = { readonly upper: number; readonly middle: number; readonly lower: number } | null

/**
 * The shape of the market layer's indicator snapshot (IndicatorSet.snapshot()) as far as
 * the agents read it; declared structurally so the agents do not depend on the market code.
 */
export interface IndicatorValues {
  readonly ema?: Readonly<Record<string, number | null>>
  readonly sma?: Readonly<Record<string, number | null>>
  readonly rsi?: Value
  readonly macd?: {
    readonly macd: number
    readonly signal: number
    readonly histogram: number
  } | null
  readonly atr?: Value
  readonly adx?: { readonly adx: number; readonly plusDi: number; readonly minusDi: number } | null
  readonly bollinger?: (NonNullable<Channel> & { readonly width: number }) | null
  readonly donchian?: Channel
  readonly keltner?: Channel
  readonly stochRsi?: { readonly k: number; readonly d: number } | null
  readonly supertrend?: { readonly value: number; readonly direction: 'up' | 'down' } | null
  readonly choppiness?: Value
  readonly cci?: Value
  readonly mfi?: Value
  readonly williamsR?: Value
  readonly roc?: Value
  readonly obv?: Value
  readonly vwap?: Value
}

/** Flattens an indicator snapshot into the `TimeframeSnapshot.indicators` record. */
export function flattenIndicators(values: IndicatorValues): Record<string, number | null> {
  const flat: Record<string, number | null> = {}
  const put = (name: string, value: Value) => {
    if (value !== undefined) flat[name] = value
  }
  for (const [period, value] of Object.entries(values.ema ?? {})) put(`ema_${period}`, value)
  for (const [period, value] of Object.entries(values.sma ?? {})) put(`sma_${period}`, value)
  put('rsi', values.rsi)
  put('macd', values.macd === undefined ? undefined : (values.macd?.macd ?? null))
  put('macd_signal', values.macd === undefined ? undefined : (values.macd?.signal ?? null))
  put('macd_histogram', values.macd === undefined ? undefined : (values.macd?.histogram ?? null))
  put('atr', values.atr)
  put('adx', values.adx === undefined ? undefined : (values.adx?.adx ?? null))
  put('plus_di', values.adx === undefined ? undefined : (values.adx?.plusDi ?? null))
  put('minus_di', values.adx === undefined ? undefined : (values.adx?.minusDi ?? null))
  for (const [prefix, channel] of [
    ['bb', values.bollinger],
    ['donchian', values.donchian],
    ['keltner', values.keltner],
  ] as const) {
    if (channel === undefined) continue
    put(`${prefix}_upper`, channel?.upper ?? null)
    put(`${prefix}_middle`, channel?.middle ?? null)
    put(`${prefix}_lower`, channel?.lower ?? null)
  }
  put('bb_width', values.bollinger === undefined ? undefined : (values.bollinger?.width ?? null))
  put('stoch_rsi_k', values.stochRsi === undefined ? undefined : (values.stochRsi?.k ?? null))
  put('stoch_rsi_d', values.stochRsi === undefined ? undefined : (values.stochRsi?.d ?? null))
  if (values.supertrend !== undefined) {
    put('supertrend', values.supertrend?.value ?? null)
    // +1 up, -1 down: a number, so the record stays numeric.
    put(
      'supertrend_direction',
      values.supertrend ? (values.supertrend.direction === 'up' ? 1 : -1) : null,
    )
  }
  put('choppiness', values.choppiness)
  put('cci', values.cci)
  put('mfi', values.mfi)
  put('williams_r', values.williamsR)
  put('roc', values.roc)
  put('obv', values.obv)
  put('vwap', values.vwap)
  return flat
}
