import type { Dec } from './numbers'
import type { PairSpec } from './pair-catalogue'

/** Kraken's order side (`type` in AddOrder). */
export type OrderSide = 'buy' | 'sell'

/** The order types the simulator executes (Kraken also has iceberg and settle-position). */
export const ORDER_TYPES = [
  'market',
  'limit',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
] as const
export type OrderType = (typeof ORDER_TYPES)[number]

/** Kraken's order statuses; the simulator skips `pending` and opens orders at once. */
export type OrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired'

/** Kraken's `timeinforce` values. */
export type TimeInForce = 'GTC' | 'IOC' | 'GTD'

/** A trailing distance: an absolute quote amount, or a percentage of the peak price. */
export interface TrailingOffset {
  readonly amount: Dec
  readonly isPercent: boolean
}

/** The conditional close order Kraken places when the primary order fills (`close[...]`). */
export interface CloseSpec {
  readonly type: OrderType
  readonly price?: Dec
  readonly price2?: Dec
}

/** What a client asked for, validated and typed; the engine decides the rest. */
export interface OrderRequest {
  readonly pair: PairSpec
  readonly side: OrderSide
  readonly type: OrderType
  readonly volume: Dec
  /** Limit price for limit orders, trigger price for stop-loss/take-profit kinds. */
  readonly price?: Dec
  /** Limit price of stop-loss-limit and take-profit-limit orders. */
  readonly price2?: Dec
  readonly trailing?: TrailingOffset
  /** Leverage above 1 makes a margin order; undefined means spot. */
  readonly leverage?: number
  readonly userref?: number
  readonly clientOrderId?: string
  readonly oflags: readonly string[]
  readonly timeInForce: TimeInForce
  /** Unix ms after which the order expires, if any. */
  readonly expiresAt?: number
  readonly close?: CloseSpec
  readonly reduceOnly: boolean
  /** For `viqc` market buys: the quote amount the client sent as `volume`. */
  readonly quoteVolume?: Dec
  /** The originating order of a conditional close order. */
  readonly refid?: string
}

/** An order held by the simulator; mutable fields change as it fills, triggers and closes. */
export interface SimOrder extends OrderRequest {
  readonly txid: string
  readonly openedAt: number
  status: OrderStatus
  /** Whether a stop-loss, take-profit or trailing-stop order has been triggered. */
  isTriggered: boolean
  /**
   * Whether the order has had its first chance to execute. A resting limit order then
   * fills only as maker when the price crosses; a market-like order left partly filled
   * waits for `fillRemaining`.
   */
  hasArrived: boolean
  /** The best price seen since placement, for trailing stops. */
  trailingPeak?: Dec
  filled: Dec
  cost: Dec
  fee: Dec
  closedAt?: number
  reason?: string
  readonly tradeIds: string[]
}

/** One fill, as TradesHistory reports it. */
export interface SimTrade {
  readonly id: string
  readonly orderTxid: string
  readonly positionTxid: string
  readonly tradeNumber: number
  readonly pair: PairSpec
  readonly time: number
  readonly side: OrderSide
  readonly orderType: OrderType
  readonly price: Dec
  readonly volume: Dec
  readonly cost: Dec
  readonly fee: Dec
  readonly margin: Dec
  readonly leverage?: number
  readonly isMaker: boolean
}

/** Returns whether the order type waits for a trigger price before it executes. */
export function isTriggerType(type: OrderType): boolean {
  return type !== 'market' && type !== 'limit'
}

/** Returns the limit price an order executes at, if it has one. */
export function limitPriceOf(order: OrderRequest): Dec | undefined {
  if (order.type === 'limit') return order.price
  if (order.type === 'stop-loss-limit' || order.type === 'take-profit-limit') return order.price2
  return undefined
}

/** Returns the volume an order still has to fill. */
export function remainingOf(order: SimOrder): Dec {
  return order.volume.minus(order.filled)
}
