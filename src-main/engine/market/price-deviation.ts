import Decimal from 'decimal.js'

const HUNDRED = new Decimal(100)

/**
 * Returns how far a price is from the market price, in percent of the market price:
 * |price − market| ÷ market × 100. Both an entry's check before it is sized and a limit
 * order's check before it is sent hold prices to `orders.max_price_deviation_pct` by it.
 */
export function priceDeviationPct(price: Decimal, market: Decimal): Decimal {
  return price.minus(market).abs().div(market).times(HUNDRED)
}
