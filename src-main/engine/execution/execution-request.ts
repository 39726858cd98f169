import type Decimal from 'decimal.js'
import type { OrderSide } from './order-types'

/** The kinds of order a caller may request; contingent orders are the order manager's own. */
export type RequestRole = 'entry' | 'close' | 'rebalance'

/**
 * A request to trade, as the coordinator maps a risk-approved proposal (or the portfolio a
 * rebalance trade) to it.
 */
export interface ExecutionRequest {
  readonly symbol: string
  readonly side: OrderSide
  /** Base-asset quantity; rounded down to the market's step before sending. */
  readonly size: Decimal
  readonly orderType: 'market' | 'limit'
  readonly limitPrice?: Decimal
  /** Protective levels placed as contingent orders once an entry fills. */
  readonly stopLoss?: Decimal
  readonly takeProfit?: Decimal
  /** 1 = spot; 2–5 margin. */
  readonly leverage: number
  /** Traces the order from signal to fill. */
  readonly correlationId: string
  readonly role: RequestRole
  /** The position a `close` request reduces. */
  readonly positionId?: string
  /** Why a close is requested; becomes the position's close reason. */
  readonly reason?: string
  /** Limit orders only: the exchange expires what is unfilled after this many seconds. */
  readonly expiresAfterSeconds?: number
}
