import type Decimal from 'decimal.js'
import type { Position } from './position'

/** Which protective level a price reached. */
export type TriggerKind = 'stop_loss' | 'take_profit'

/**
 * Returns which of the position's levels `price` has reached, stop-loss first: a long stops
 * at or below its stop and takes profit at or above its target; a short the other way round.
 */
export function triggeredLevel(position: Position, price: Decimal): TriggerKind | null {
  if (position.status !== 'open') return null
  const isLong = position.side === 'long'
  const { stopLoss, takeProfit } = position
  if (stopLoss && (isLong ? price.lte(stopLoss) : price.gte(stopLoss))) return 'stop_loss'
  if (takeProfit && (isLong ? price.gte(takeProfit) : price.lte(takeProfit))) return 'take_profit'
  return null
}
