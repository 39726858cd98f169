import type Decimal from 'decimal.js'
import type { OrderStatus } from './order-status'
import type { ClientOrderId, OrderRole, OrderSide, OrderType } from './order-types'

/** An order as the engine knows it; the database row of `orders` in domain form. */
export interface Order {
  /** Our id (UUID). */
  readonly id: string
  /** Sent to the exchange with the order; finds it again after a crash. */
  readonly clientOrderId: ClientOrderId
  /** The exchange's id, known once the exchange acknowledged the order. */
  readonly externalId: string | null
  readonly symbol: string
  readonly side: OrderSide
  readonly type: OrderType
  readonly role: OrderRole
  readonly size: Decimal
  /** Limit price (limit orders). */
  readonly price: Decimal | null
  /** Trigger price (stop-loss and take-profit orders). */
  readonly triggerPrice: Decimal | null
  /** Protective levels requested with an entry, placed as contingent orders after its fill. */
  readonly stopLoss: Decimal | null
  readonly takeProfit: Decimal | null
  readonly leverage: number
  readonly status: OrderStatus
  readonly filledSize: Decimal
  readonly averageFillPrice: Decimal | null
  /** Fees paid so far, in the quote asset. */
  readonly fee: Decimal
  /** The position this order opens, grows or reduces. */
  readonly positionId: string | null
  /** The entry order a contingent order protects. */
  readonly parentOrderId: string | null
  /** Traces the order from signal to fill. */
  readonly correlationId: string
  readonly error: string | null
  /** Why a closing order was sent, copied to the position on close. */
  readonly closeReason: string | null
  /** When the exchange expires the order (good-till-date); null = good till cancelled. */
  readonly expiresAtMs: number | null
  readonly createdAtMs: number
  readonly updatedAtMs: number
}
