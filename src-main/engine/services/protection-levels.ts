import type Decimal from 'decimal.js'
import type { Position } from '../execution/position'
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

/**
 * Returns why a new stop-loss cannot stand beside the position's active trailing stop, or null:
 * one further from the price than the stop the trailing stop keeps would be pulled back to it
 * within a minute, the trader's change quietly undone. Fine when the same change turns the
 * trailing stop off (`isTrailingTurnedOff`), or when it removes the stop-loss (the trailing
 * stop goes with it).
 */
export function trailingConflict(
  position: Pick<Position, 'side' | 'stopLoss' | 'trailingStop'>,
  stopLoss: Decimal | null | undefined,
  isTrailingTurnedOff: boolean,
): string | null {
  const { trailingStop, stopLoss: kept } = position
  if (!trailingStop.isEnabled || !trailingStop.isActive || isTrailingTurnedOff) return null
  if (stopLoss === null || stopLoss === undefined || kept === null) return null
  const isLooser = position.side === 'long' ? stopLoss.lt(kept) : stopLoss.gt(kept)
  if (!isLooser) return null
  return `stop-loss ${stopLoss.toFixed()} is further from the price than ${kept.toFixed()}, where the active trailing stop keeps it; turn the trailing stop off to move it further`
}
