import type Decimal from 'decimal.js'
import type { PriceLookup } from '../agents'
import type { MarketPriceSource } from '../execution'
import type { CandleRepository } from '../store'

const MINUTE_MS = 60_000

/**
 * What a symbol traded at a past moment: the close of the stored 1-minute candle covering it,
 * or the latest price when that minute is the current one (its candle is not closed yet).
 */
export function candlePriceLookup(
  candles: CandleRepository,
  prices: MarketPriceSource,
): PriceLookup {
  return {
    async priceAt(symbol: string, timeMs: number): Promise<Decimal | null> {
      const minute = Math.floor(timeMs / MINUTE_MS) * MINUTE_MS
      const [candle] = await candles.range(symbol, '1m', minute - MINUTE_MS, minute + MINUTE_MS)
      return candle ? candle.close : prices.latestPrice(symbol)
    },
  }
}
