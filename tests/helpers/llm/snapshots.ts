import type { MarketSnapshot, SnapshotCandle } from '../../../src-main/engine/agents/agent-context'

/** Indicator values of a clean uptrend around price 50000. */
export const BULLISH_INDICATORS: Readonly<Record<string, number | null>> = {
  ema_9: 49800,
  ema_21: 49500,
  ema_50: 49000,
  ema_200: 46000,
  adx: 32,
  rsi: 64,
  macd: 120,
  macd_signal: 80,
  macd_histogram: 40,
  atr: 600,
  bb_upper: 50600,
  bb_middle: 49700,
  bb_lower: 48800,
  bb_width: 0.036,
  donchian_upper: 50800,
  donchian_lower: 48200,
  choppiness: 38,
}

/** The mirror image: a clean downtrend around price 50000. */
export const BEARISH_INDICATORS: Readonly<Record<string, number | null>> = {
  ...BULLISH_INDICATORS,
  ema_9: 50200,
  ema_21: 50500,
  ema_50: 51000,
  ema_200: 54000,
  rsi: 36,
  macd: -120,
  macd_signal: -80,
  macd_histogram: -40,
  bb_upper: 51200,
  bb_middle: 50300,
  bb_lower: 49400,
}

/** Recent candles rising by 10 per minute from 49900. */
export function candles(count: number, startMs = 1_735_686_000_000): SnapshotCandle[] {
  return Array.from({ length: count }, (_, index) => {
    const open = 49_900 + index * 10
    return {
      timestampMs: startMs + index * 3_600_000,
      open: String(open),
      high: String(open + 25),
      low: String(open - 15),
      close: String(open + 10),
      volume: '12.5',
    }
  })
}

/** A snapshot of BTC/USDT at 50000 with the given 1h indicators. */
export function aSnapshot(
  indicators: Readonly<Record<string, number | null>> = BULLISH_INDICATORS,
  overrides: Partial<MarketSnapshot> = {},
): MarketSnapshot {
  return {
    symbol: 'BTC/USDT',
    timestampMs: 1_735_689_600_000,
    price: '50000',
    change24hPct: 1.8,
    dataAgeMs: 30_000,
    timeframes: {
      '1h': { indicators, candles: candles(30) },
      '4h': { indicators, candles: candles(10) },
    },
    ...overrides,
  }
}
