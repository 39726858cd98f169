import type { IndicatorSnapshot } from './indicators/indicator-set'

/** Indicator values under flat snake_case names (`ema_21`, `bb_upper`, `adx`), null while warming up. */
export type FlatIndicators = Record<string, number | null>

/**
 * Flattens an indicator snapshot into named numbers: `ema_<period>`, `sma_<period>`, `rsi`,
 * `macd`/`macd_signal`/`macd_histogram`, `atr`, `adx`/`plus_di`/`minus_di`,
 * `bb_upper|middle|lower|width|percent_b`, `stoch_rsi_k|d`, `obv`, `vwap`, `supertrend` and
 * `supertrend_direction` (+1 up, −1 down), `keltner_*`, `cci`, `mfi`, `williams_r`, `roc`,
 * `choppiness`, `donchian_upper|middle|lower` and `volume_sma`. These are the names the
 * agents' context (`INDICATOR_NAMES`) and the chart read.
 */
export function flattenIndicators(snapshot: IndicatorSnapshot): FlatIndicators {
  const flat: FlatIndicators = {}
  // A snapshot is flattened for every timeframe a candle closes: no pair arrays.
  const { ema, sma } = snapshot
  for (const period in ema) flat[`ema_${period}`] = ema[period] ?? null
  for (const period in sma) flat[`sma_${period}`] = sma[period] ?? null
  flat.rsi = snapshot.rsi
  flat.macd = snapshot.macd?.macd ?? null
  flat.macd_signal = snapshot.macd?.signal ?? null
  flat.macd_histogram = snapshot.macd?.histogram ?? null
  flat.atr = snapshot.atr
  flat.adx = snapshot.adx?.adx ?? null
  flat.plus_di = snapshot.adx?.plusDi ?? null
  flat.minus_di = snapshot.adx?.minusDi ?? null
  flat.bb_upper = snapshot.bollinger?.upper ?? null
  flat.bb_middle = snapshot.bollinger?.middle ?? null
  flat.bb_lower = snapshot.bollinger?.lower ?? null
  flat.bb_width = snapshot.bollinger?.width ?? null
  flat.bb_percent_b = snapshot.bollinger?.percentB ?? null
  flat.stoch_rsi_k = snapshot.stochRsi?.k ?? null
  flat.stoch_rsi_d = snapshot.stochRsi?.d ?? null
  flat.obv = snapshot.obv
  flat.vwap = snapshot.vwap
  flat.supertrend = snapshot.supertrend?.value ?? null
  flat.supertrend_direction =
    snapshot.supertrend === null ? null : snapshot.supertrend.direction === 'up' ? 1 : -1
  flat.keltner_upper = snapshot.keltner?.upper ?? null
  flat.keltner_middle = snapshot.keltner?.middle ?? null
  flat.keltner_lower = snapshot.keltner?.lower ?? null
  flat.cci = snapshot.cci
  flat.mfi = snapshot.mfi
  flat.williams_r = snapshot.williamsR
  flat.roc = snapshot.roc
  flat.choppiness = snapshot.choppiness
  flat.donchian_upper = snapshot.donchian?.upper ?? null
  flat.donchian_middle = snapshot.donchian?.middle ?? null
  flat.donchian_lower = snapshot.donchian?.lower ?? null
  flat.volume_sma = snapshot.volumeSma
  return flat
}
