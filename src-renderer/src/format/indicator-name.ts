import { asCapitalisedWords } from '../../../src-shared/words'

/** Indicators under the names charting tools give them; the engine's are snake_case keys. */
const USUAL_NAMES: Readonly<Record<string, string>> = {
  rsi: 'RSI',
  macd: 'MACD',
  macd_signal: 'MACD signal',
  macd_histogram: 'MACD histogram',
  atr: 'ATR',
  adx: 'ADX',
  plus_di: '+DI',
  minus_di: '−DI',
  bb_upper: 'Bollinger upper',
  bb_middle: 'Bollinger middle',
  bb_lower: 'Bollinger lower',
  bb_width: 'Bollinger width',
  bb_percent_b: 'Bollinger %B',
  stoch_rsi_k: 'Stoch RSI %K',
  stoch_rsi_d: 'Stoch RSI %D',
  obv: 'OBV',
  vwap: 'VWAP',
  cci: 'CCI',
  mfi: 'MFI',
  williams_r: 'Williams %R',
  roc: 'ROC',
  volume_sma: 'Volume SMA',
}

/** A moving average's key: `ema_21`, `sma_200`. */
const MOVING_AVERAGE = /^(ema|sma)_(\d+)$/

/**
 * Returns an indicator's name as a trader reads it: "EMA 21", "MACD histogram", "Stoch RSI %K";
 * one this list does not know in capitalised words ("Supertrend direction", "Keltner upper").
 */
export function indicatorName(key: string): string {
  const usual = USUAL_NAMES[key]
  if (usual !== undefined) return usual
  const movingAverage = MOVING_AVERAGE.exec(key)
  if (movingAverage) return `${(movingAverage[1] ?? '').toUpperCase()} ${movingAverage[2] ?? ''}`
  return asCapitalisedWords(key)
}
