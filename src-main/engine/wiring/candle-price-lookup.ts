import type Decimal from 'decimal.js'
import type { PriceLookup } from '../agents'
import type { MarketStateReader } from '../market'
import type { CandleRepository } from '../store'

const MINUTE_MS = 60_000

/**
 * What a symbol traded at a past moment: the close of the 1-minute candle that closed as that
 * minute began (or, missing, of the one covering it), or the latest price when neither is
 * closed yet. Asked from the 1-minute history the market keeps in memory when it reaches back
 * that far: it holds every candle the store has from its oldest on, since only the ingest
 * stores candles and it stores what it accepts. Older moments are asked from the store, once
 * the candles the ingest still holds for its next batch are written.
 */
export function candlePriceLookup(
  candles: CandleRepository,
  market: MarketStateReader,
  pendingCandles: { flush(): Promise<void> },
): PriceLookup {
  return {
    async priceAt(symbol: string, timeMs: number): Promise<Decimal | null> {
      const minute = Math.floor(timeMs / MINUTE_MS) * MINUTE_MS
      const latest = () => market.latestPrices.latestPrice(symbol)
      const history = market.symbolState(symbol)
      const closedAtMinute = history?.oneMinuteCandleAtOrBefore(minute - MINUTE_MS) ?? null
      if (history !== null && closedAtMinute !== null) {
        if (closedAtMinute.timestampMs === minute - MINUTE_MS) return closedAtMinute.close
        const covering = history.oneMinuteCandleAtOrBefore(minute)
        return covering?.timestampMs === minute ? covering.close : latest()
      }
      await pendingCandles.flush()
      const [candle] = await candles.range(symbol, '1m', minute - MINUTE_MS, minute + MINUTE_MS)
      return candle ? candle.close : latest()
    },
  }
}
