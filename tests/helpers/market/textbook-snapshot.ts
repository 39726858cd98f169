import type { IndicatorSnapshot, NumericCandle } from '../../../src-main/engine/market'
import * as textbook from './textbook-indicators'
import { isClose } from './tolerance'

type Flat = Record<string, number | string | null>

/** The default-configuration indicator values after the last of `candles`, textbook style. */
export function textbookSnapshot(candles: readonly NumericCandle[]): Flat {
  const i = candles.length - 1
  const closes = candles.map((c) => c.close)
  const at = <T>(series: readonly (T | null)[]): T | null => series[i] ?? null
  const macd = textbook.macd(closes, 12, 26, 9)
  const adx = textbook.adx(candles, 14)
  const bollinger = textbook.bollinger(closes, 20, 2)
  const stoch = textbook.stochRsi(closes, 14, 14, 3, 3)
  const supertrend = textbook.supertrend(candles, 10, 3)
  const keltner = textbook.keltner(candles, 20, 10, 2)
  const donchian = textbook.donchian(candles, 20)
  return {
    'ema.9': at(textbook.ema(closes, 9)),
    'ema.21': at(textbook.ema(closes, 21)),
    'ema.50': at(textbook.ema(closes, 50)),
    'ema.200': at(textbook.ema(closes, 200)),
    'sma.20': at(textbook.sma(closes, 20)),
    'sma.50': at(textbook.sma(closes, 50)),
    'sma.200': at(textbook.sma(closes, 200)),
    rsi: at(textbook.rsi(closes, 14)),
    'macd.macd': at(macd.macd),
    'macd.signal': at(macd.signal),
    'macd.histogram': at(macd.histogram),
    atr: at(textbook.atr(candles, 14)),
    'adx.adx': at(adx.adx),
    'adx.plusDi': at(adx.plusDi),
    'adx.minusDi': at(adx.minusDi),
    'bollinger.upper': at(bollinger.upper),
    'bollinger.middle': at(bollinger.middle),
    'bollinger.lower': at(bollinger.lower),
    'bollinger.width': at(bollinger.width),
    'bollinger.percentB': at(bollinger.percentB),
    'stochRsi.k': at(stoch.k),
    'stochRsi.d': at(stoch.d),
    obv: at(textbook.obv(candles)),
    vwap: at(textbook.vwap(candles)),
    'supertrend.value': at(supertrend.value),
    'supertrend.direction': at(supertrend.direction),
    'keltner.upper': at(keltner.upper),
    'keltner.middle': at(keltner.middle),
    'keltner.lower': at(keltner.lower),
    cci: at(textbook.cci(candles, 20)),
    mfi: at(textbook.mfi(candles, 14)),
    williamsR: at(textbook.williamsR(candles, 14)),
    roc: at(textbook.roc(closes, 10)),
    choppiness: at(textbook.choppiness(candles, 14)),
    'donchian.upper': at(donchian.upper),
    'donchian.middle': at(donchian.middle),
    'donchian.lower': at(donchian.lower),
    volumeSma: at(
      textbook.sma(
        candles.map((c) => c.volume),
        20,
      ),
    ),
  }
}

/** Flattens a snapshot's indicator values to the keys of `textbookSnapshot`. */
export function flattenSnapshot(snapshot: IndicatorSnapshot): Flat {
  const flat: Flat = {}
  const { timestampMs: _t, candleCount: _n, close: _c, ...values } = snapshot
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value)) {
        flat[`${key}.${inner}`] = innerValue as number | string | null
      }
    } else {
      flat[key] = value
    }
  }
  return flat
}

const OSCILLATORS =
  /^(rsi|adx\.|stochRsi\.|cci|mfi|williamsR|roc|choppiness|bollinger\.percentB|obv)/

/**
 * Returns the keys whose values disagree (null where the other is not, or outside 1e-8
 * relative). Objects that are null as a whole (warming up) are expanded by the textbook side.
 */
export function disagreements(actual: Flat, expected: Flat, priceLevel: number): string[] {
  const bad: string[] = []
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key] ?? null
    if (want === null || got === null || typeof want === 'string' || typeof got === 'string') {
      if (got !== want) bad.push(`${key}: ${got} vs ${want}`)
      continue
    }
    const floor = key.startsWith('macd.')
      ? priceLevel * 1e-6
      : key === 'bollinger.width'
        ? 1e-6
        : OSCILLATORS.test(key)
          ? 1
          : 0
    if (!isClose(got, want, floor)) bad.push(`${key}: ${got} vs ${want}`)
  }
  return bad
}
