import type { FlatIndicators } from '../../../src-main/engine/market'

type Flat = Record<string, number | string | null>

/** The textbook snapshot key (`textbookSnapshot`) of each flat indicator name. */
const TEXTBOOK_KEY_OF: Readonly<Record<string, string>> = {
  macd: 'macd.macd',
  macd_signal: 'macd.signal',
  macd_histogram: 'macd.histogram',
  adx: 'adx.adx',
  plus_di: 'adx.plusDi',
  minus_di: 'adx.minusDi',
  bb_upper: 'bollinger.upper',
  bb_middle: 'bollinger.middle',
  bb_lower: 'bollinger.lower',
  bb_width: 'bollinger.width',
  bb_percent_b: 'bollinger.percentB',
  stoch_rsi_k: 'stochRsi.k',
  stoch_rsi_d: 'stochRsi.d',
  supertrend: 'supertrend.value',
  supertrend_direction: 'supertrend.direction',
  keltner_upper: 'keltner.upper',
  keltner_middle: 'keltner.middle',
  keltner_lower: 'keltner.lower',
  donchian_upper: 'donchian.upper',
  donchian_middle: 'donchian.middle',
  donchian_lower: 'donchian.lower',
  williams_r: 'williamsR',
  volume_sma: 'volumeSma',
}

/**
 * Renames flat snapshot indicators (`ema_21`, `bb_upper`) to the textbook snapshot's keys
 * (`ema.21`, `bollinger.upper`), the supertrend direction back to `up`/`down`, so that
 * `disagreements` can compare them.
 */
export function toTextbookKeys(flat: FlatIndicators): Flat {
  const out: Flat = {}
  for (const [name, value] of Object.entries(flat)) {
    const moving = /^(ema|sma)_(\d+)$/.exec(name)
    const key = moving ? `${moving[1]}.${moving[2]}` : (TEXTBOOK_KEY_OF[name] ?? name)
    out[key] =
      name === 'supertrend_direction' && value !== null ? (value > 0 ? 'up' : 'down') : value
  }
  return out
}
