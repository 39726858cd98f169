import { join } from 'node:path'
import { loadCandlesCsvFile, type CsvParseResult } from './csv-candles'
import type { Timeframe } from './timeframe'

/** A slice of real candles shipped in `resources/market/` (see the README there). */
export interface ShippedCandleSlice {
  readonly symbol: string
  readonly timeframe: Timeframe
  /** File name inside `resources/market/`. */
  readonly file: string
  /** `demo`: the offline demo and replay; `aggregation-check`: the 1m-vs-5m test window. */
  readonly purpose: 'demo' | 'aggregation-check'
  /** Open time of the first candle (UTC ms). */
  readonly firstTimestampMs: number
  /** Open time of the last candle (UTC ms). */
  readonly lastTimestampMs: number
}

const MAY_10 = 1_620_604_800_000 // 2021-05-10T00:00:00Z
const MAY_12_LAST = 1_620_863_940_000 // 2021-05-12T23:59:00Z
const APRIL_22 = 1_619_049_600_000 // 2021-04-22T00:00:00Z

/** Every shipped slice. All are Binance spot candles from May/April 2021. */
export const SHIPPED_CANDLE_SLICES: readonly ShippedCandleSlice[] = [
  {
    symbol: 'BTC/USDT',
    timeframe: '1m',
    file: 'BTCUSDT_1m.csv',
    purpose: 'demo',
    firstTimestampMs: MAY_10,
    lastTimestampMs: MAY_12_LAST,
  },
  {
    symbol: 'XRP/USDT',
    timeframe: '1m',
    file: 'XRPUSDT_1m.csv',
    purpose: 'demo',
    firstTimestampMs: MAY_10,
    lastTimestampMs: MAY_12_LAST,
  },
  {
    symbol: 'XRP/BTC',
    timeframe: '1m',
    file: 'XRPBTC_1m.csv',
    purpose: 'demo',
    firstTimestampMs: MAY_10,
    lastTimestampMs: MAY_12_LAST,
  },
  {
    symbol: 'BTC/USDT',
    timeframe: '1m',
    file: 'BTCUSDT_1m_2021-04-22.csv',
    purpose: 'aggregation-check',
    firstTimestampMs: APRIL_22,
    lastTimestampMs: 1_619_150_340_000, // 2021-04-23T03:59:00Z
  },
  {
    symbol: 'BTC/USDT',
    timeframe: '5m',
    file: 'BTCUSDT_5m_2021-04-22.csv',
    purpose: 'aggregation-check',
    firstTimestampMs: APRIL_22,
    lastTimestampMs: 1_619_150_100_000, // 2021-04-23T03:55:00Z
  },
]

/** Returns the shipped slice for a symbol, timeframe and purpose, or undefined. */
export function findShippedSlice(
  symbol: string,
  timeframe: Timeframe = '1m',
  purpose: ShippedCandleSlice['purpose'] = 'demo',
): ShippedCandleSlice | undefined {
  return SHIPPED_CANDLE_SLICES.find(
    (slice) =>
      slice.symbol === symbol && slice.timeframe === timeframe && slice.purpose === purpose,
  )
}

/**
 * Loads a shipped slice from `resourcesDir` (the app's `resources/` folder, which the
 * composition root knows) as validated candles. Throws when no such slice is shipped.
 */
export async function loadShippedCandles(
  resourcesDir: string,
  symbol: string,
  timeframe: Timeframe = '1m',
  purpose: ShippedCandleSlice['purpose'] = 'demo',
): Promise<CsvParseResult> {
  const slice = findShippedSlice(symbol, timeframe, purpose)
  if (slice === undefined) {
    throw new Error(
      `no shipped candles: symbol=${symbol} timeframe=${timeframe} purpose=${purpose}`,
    )
  }
  return loadCandlesCsvFile(join(resourcesDir, 'market', slice.file), { timeframe, symbol })
}
