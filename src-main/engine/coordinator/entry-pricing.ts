import Decimal from 'decimal.js'
import { priceDeviationPct } from '../market/price-deviation'

/**
 * How an opening trade's entry is priced against the market, from execution.yaml `orders`.
 * The entry price comes from the LLM consensus, and the risk engine sizes the trade and
 * judges its stop from it without looking at the market.
 */
export interface EntryPricing {
  /**
   * `max_price_deviation_pct`: an entry further than this many percent from the market is
   * refused, so a hallucinated price is never sized.
   */
  readonly maxDeviationPct: number
  /**
   * `default_type`: a market entry fills at the market price, so the trade is measured from
   * there; a limit entry fills at its own price, or at the market when that is better.
   */
  readonly orderType: 'market' | 'limit'
}

/**
 * Returns why an opening entry is refused as `ENTRY_OFF_MARKET: key=value` text — it is
 * further than `maxDeviationPct` from the market price, |entry − market| ÷ market × 100 —
 * or null when it is within the band, on its edge, or there is no market price.
 * The same band execution holds a limit price to (PRICE_OUT_OF_RANGE), applied before the
 * risk engine sizes the trade, and to market entries too.
 */
export function entryOffMarketRefusal(
  symbol: string,
  entryPrice: Decimal,
  marketPrice: Decimal | null,
  maxDeviationPct: number,
): string | null {
  if (marketPrice === null) return null
  const deviationPct = priceDeviationPct(entryPrice, marketPrice)
  if (deviationPct.lte(maxDeviationPct)) return null
  return (
    `ENTRY_OFF_MARKET: symbol=${symbol} entry=${entryPrice.toFixed()} ` +
    `market=${marketPrice.toFixed()} deviation_pct=${deviationPct.toFixed(2)} max=${maxDeviationPct}`
  )
}

/**
 * Returns the price an opening trade is measured from: the market price for a market entry
 * (where it fills), else the better of the signal's limit and the market — a BUY limit above
 * the market (a SELL below) is marketable and fills at the market at once, so a stop placed
 * between the two would already be hit. Without a market price the signal's entry stands.
 */
export function entryFillPrice(
  side: 'long' | 'short',
  signalEntryPrice: Decimal,
  marketPrice: Decimal | null,
  pricing: EntryPricing,
): Decimal {
  if (marketPrice === null) return signalEntryPrice
  if (pricing.orderType === 'market') return marketPrice
  return side === 'long'
    ? Decimal.min(signalEntryPrice, marketPrice)
    : Decimal.max(signalEntryPrice, marketPrice)
}
