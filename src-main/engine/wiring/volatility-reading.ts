import type { NumericCandle } from '../market'
import type { VolatilityReading } from '../risk'

const MINUTE_MS = 60_000

/**
 * Returns the volatility reading of one symbol as a 1-minute candle closes: the ATR as a
 * percent of that candle's close, and the change in percent (signed; the breaker weighs its
 * size) from the close of `past` — the 1-minute candle `windowMinutes` before `latest` — to
 * the latest close. A part whose data is missing is null: the ATR while it warms up, the move
 * while the history does not reach that far back. When `past` is older than its minute (a gap
 * in the data) it is still used, unless it lies more than another window back: a move over an
 * unknown stretch of time is no reading of the recent window.
 */
export function volatilityReading(
  symbol: string,
  latest: NumericCandle,
  atr: number | null,
  past: NumericCandle | null,
  windowMinutes: number,
): Required<VolatilityReading> {
  const price = latest.close
  const windowMs = windowMinutes * MINUTE_MS
  const isPastUsable =
    past !== null &&
    past.close > 0 &&
    past.timestampMs <= latest.timestampMs - windowMs &&
    past.timestampMs > latest.timestampMs - 2 * windowMs
  return {
    symbol,
    atrPct: atr === null || !(price > 0) ? null : (atr / price) * 100,
    priceMovePct: isPastUsable ? ((price - past.close) / past.close) * 100 : null,
  }
}
