import type Decimal from 'decimal.js'
import type { PriceLookup } from '../agents'
import type { MarketPriceSource } from '../execution'
import type { CandleRepository } from '../store'

const MINUTE_MS = 60_000

/**
 * What a symbol traded at a past moment: the close of the stored 1-minute candle covering it,
 * or the latest price when that minute is the current one (its candle is not closed yet).
 * Candles the ingest still holds for its next batch are written first, so a closed minute
 * is always found (a replay writes candles only every few hundred).
 */
export function candlePriceLookup(
  candles: CandleRepository,
  prices: MarketPriceSource,
  pendingCandles: { flush(): Promise<void> },
): PriceLookup {
  return {
    async priceAt(symbol: string, timeMs: number): Promise<Decimal | null> {
      await pendingCandles.flush()
      const minute = Math.floor(timeMs / MINUTE_MS) * MINUTE_MS
      const [candle] = await candles.range(symbol, '1m', minute - MINUTE_MS, minute + MINUTE_MS)
      return candle ? candle.close : prices.latestPrice(symbol)
    },
  }
}
