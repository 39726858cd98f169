import type Decimal from 'decimal.js'
import { roundToTick } from '../execution/broker/round-to-step'

/**
 * Returns why new stop-loss / take-profit levels make no sense for a position at the current
 * price (a long's stop must be below it, its target above; a short the other way round), or
 * null when they are fine. A level that would trigger at once is almost always a typo. Levels
 * are judged as the exchange will hold them, on the market's price step (`priceStep`, none
 * when unknown): one that rounds to 0 there would leave the position without the order.
 */
export function protectionProblem(
  side: 'long' | 'short',
  price: Decimal,
  levels: { stopLoss?: Decimal | null; takeProfit?: Decimal | null },
  priceStep: Decimal | null = null,
): string | null {
  const isLong = side === 'long'
  const onTick = (level: Decimal | null | undefined) =>
    level === null || level === undefined ? null : roundToTick(level, priceStep)
  const stopLoss = onTick(levels.stopLoss)
  const takeProfit = onTick(levels.takeProfit)
  for (const [name, given, held] of [
    ['stop-loss', levels.stopLoss, stopLoss],
    ['take-profit', levels.takeProfit, takeProfit],
  ] as const) {
    if (given && held && held.lte(0)) {
      return `${name} ${given.toFixed()} is 0 on the market's price step ${priceStep?.toFixed()}: the exchange cannot hold it`
    }
  }
  if (stopLoss && (isLong ? stopLoss.gte(price) : stopLoss.lte(price))) {
    return `stop-loss ${stopLoss.toFixed()} must be ${isLong ? 'below' : 'above'} the current price ${price.toFixed()} for a ${side} position`
  }
  if (takeProfit && (isLong ? takeProfit.lte(price) : takeProfit.gte(price))) {
    return `take-profit ${takeProfit.toFixed()} must be ${isLong ? 'above' : 'below'} the current price ${price.toFixed()} for a ${side} position`
  }
  return null
}
