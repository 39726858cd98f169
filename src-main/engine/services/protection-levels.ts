import type Decimal from 'decimal.js'

/**
 * Returns why new stop-loss / take-profit levels make no sense for a position at the current
 * price (a long's stop must be below it, its target above; a short the other way round), or
 * null when they are fine. A level that would trigger at once is almost always a typo.
 */
export function protectionProblem(
  side: 'long' | 'short',
  price: Decimal,
  levels: { stopLoss?: Decimal | null; takeProfit?: Decimal | null },
): string | null {
  const isLong = side === 'long'
  const { stopLoss, takeProfit } = levels
  if (stopLoss && (isLong ? stopLoss.gte(price) : stopLoss.lte(price))) {
    return `stop-loss ${stopLoss.toFixed()} must be ${isLong ? 'below' : 'above'} the current price ${price.toFixed()} for a ${side} position`
  }
  if (takeProfit && (isLong ? takeProfit.lte(price) : takeProfit.gte(price))) {
    return `take-profit ${takeProfit.toFixed()} must be ${isLong ? 'above' : 'below'} the current price ${price.toFixed()} for a ${side} position`
  }
  return null
}
