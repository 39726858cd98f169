/** Which way an order trades. */
export type OrderSide = 'buy' | 'sell'

export const ORDER_SIDES = ['buy', 'sell'] as const satisfies readonly OrderSide[]

/** The order types the engine sends (seed 001 §4); stop-loss and take-profit carry a trigger price. */
export type OrderType = 'market' | 'limit' | 'stop-loss' | 'take-profit'

export const ORDER_TYPES = [
  'market',
  'limit',
  'stop-loss',
  'take-profit',
] as const satisfies readonly OrderType[]

/**
 * Why an order exists: an entry opens or grows a position, a close ends one, stop-loss and
 * take-profit are the contingent orders protecting a position, rebalance is a plain spot trade.
 */
export type OrderRole = 'entry' | 'close' | 'rebalance' | 'stop-loss' | 'take-profit'

export const ORDER_ROLES = [
  'entry',
  'close',
  'rebalance',
  'stop-loss',
  'take-profit',
] as const satisfies readonly OrderRole[]

/** Our own id of an order, sent to the exchange so the order can be found after a crash. */
export type ClientOrderId = string & { readonly __brand: 'ClientOrderId' }

/** Returns the other side. */
export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'buy' ? 'sell' : 'buy'
}

/** Returns whether an order of this role is a contingent order protecting a position. */
export function isProtectiveRole(role: OrderRole): role is 'stop-loss' | 'take-profit' {
  return role === 'stop-loss' || role === 'take-profit'
}

/** Returns whether an order of this role reduces a position (it never opens one). */
export function isExitRole(role: OrderRole): boolean {
  return role === 'close' || role === 'stop-loss' || role === 'take-profit'
}
