import type { NumericCandle } from '../../../src-main/engine/market'
import { loadResourceCandles, numericOf } from './candles'

/** The shipped May 2021 slices as numeric candles (4320 one-minute candles each). */
export const REAL_SERIES: readonly { readonly name: string; readonly candles: NumericCandle[] }[] =
  [
    { name: 'BTC/USDT', candles: numericOf(loadResourceCandles('BTCUSDT_1m.csv')) },
    { name: 'XRP/USDT', candles: numericOf(loadResourceCandles('XRPUSDT_1m.csv')) },
    { name: 'XRP/BTC', candles: numericOf(loadResourceCandles('XRPBTC_1m.csv')) },
  ]

/** Feeds candles one by one and records what `read` returns after each. */
export function run<T>(
  indicator: { update(candle: NumericCandle): void },
  candles: readonly NumericCandle[],
  read: () => T,
): T[] {
  return candles.map((candle) => {
    indicator.update(candle)
    return read()
  })
}

/** The closes of candles. */
export function closes(candles: readonly NumericCandle[]): number[] {
  return candles.map((candle) => candle.close)
}

/** Candles from price arrays (open = close when no opens are given), one minute apart. */
export function candlesFrom(series: {
  high: readonly number[]
  low: readonly number[]
  close: readonly number[]
  volume?: readonly number[]
}): NumericCandle[] {
  return series.close.map((close, i) => ({
    timestampMs: i * 60_000,
    open: close,
    high: series.high[i] as number,
    low: series.low[i] as number,
    close,
    volume: series.volume?.[i] ?? 1,
  }))
}
