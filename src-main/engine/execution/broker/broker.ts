import Decimal from 'decimal.js'
import type { OrderSide, OrderType } from '../order-types'
import type { BrokerCapabilities } from './broker-capabilities'

/** What the order manager asks a broker to place. */
export interface PlaceOrderRequest {
  /** Our id; the broker sends it with the order so it can be found by it later. */
  readonly clientOrderId: string
  readonly symbol: string
  readonly side: OrderSide
  readonly type: OrderType
  /** Base-asset quantity. */
  readonly size: Decimal
  /** Limit price (limit orders). */
  readonly price?: Decimal
  /** Trigger price (stop-loss and take-profit). */
  readonly triggerPrice?: Decimal
  /** 1 = spot; more = margin (sent only when > 1). */
  readonly leverage: number
  /**
   * Unix ms after which the exchange must reject the order rather than execute it (Kraken
   * `deadline`), so a lookup after that time can trust "not found".
   */
  readonly deadlineMs?: number
  /** Unix ms at which the exchange expires the unfilled rest (good-till-date). */
  readonly expiresAtMs?: number
  /**
   * Margin only: the order may only reduce the open position, never grow or flip it (Kraken
   * `reduce_only`), so an exit left resting after its position closed cannot open a new one.
   */
  readonly reduceOnly?: boolean
}

/** What the order manager asks a broker to change on a resting order, in place. */
export interface AmendOrderRequest {
  readonly externalId: string
  readonly symbol: string
  /** New size in the base asset, the filled part included. */
  readonly size: Decimal
  /** New trigger price (stop-loss and take-profit orders only). */
  readonly triggerPrice?: Decimal
}

/** An order's state as the exchange reports it. */
export type BrokerOrderStatus = 'open' | 'closed' | 'canceled' | 'expired' | 'rejected'

/** An order as the exchange reports it, normalised by the broker adapter. */
export interface BrokerOrder {
  readonly externalId: string
  readonly clientOrderId: string | null
  readonly symbol: string
  readonly side: OrderSide
  readonly type: OrderType
  /** `closed` means completely filled; a partial fill shows as `open` with filledSize > 0. */
  readonly status: BrokerOrderStatus
  readonly size: Decimal
  readonly filledSize: Decimal
  /** Average fill price, null before the first fill. */
  readonly averagePrice: Decimal | null
  /** Cumulative fee in the quote asset. */
  readonly fee: Decimal
  readonly price: Decimal | null
  readonly triggerPrice: Decimal | null
  readonly leverage: number
  readonly timestampMs: number
}

/** One execution (trade) of an order, as the exchange reports it. */
export interface BrokerTrade {
  readonly tradeId: string
  readonly externalOrderId: string
  readonly symbol: string
  readonly side: OrderSide
  readonly size: Decimal
  readonly price: Decimal
  readonly fee: Decimal
  readonly feeAsset: string
  readonly timestampMs: number
}

/** Holdings of one asset. */
export interface BrokerBalance {
  readonly total: Decimal
  /** Available for new orders. */
  readonly free: Decimal
  /** Reserved by open orders or margin. */
  readonly used: Decimal
}

/** Trading rules of one market; sizes are rounded down to `amountStep`. */
export interface MarketRules {
  readonly symbol: string
  readonly amountStep: Decimal
  readonly priceStep: Decimal
  readonly minSize: Decimal
  readonly minCost: Decimal
}

/** Whether `size` at `price` is an order the market refuses: below its minimum size or cost. */
export function isBelowMinimumOrder(
  rules: Pick<MarketRules, 'minSize' | 'minCost'>,
  size: Decimal,
  price: Decimal,
): boolean {
  return size.lt(rules.minSize) || size.times(price).lt(rules.minCost)
}

/**
 * Returns the smallest order cost, in quote currency, the market accepts at `price`: the
 * minimum size's cost or the minimum cost, whichever is higher. The cost form of
 * {@link isBelowMinimumOrder}, for callers that size orders by amount (the rebalance planner).
 */
export function minimumOrderCost(
  rules: Pick<MarketRules, 'minSize' | 'minCost'>,
  price: Decimal,
): Decimal {
  return Decimal.max(rules.minSize.times(price), rules.minCost)
}

/**
 * The one port through which the engine trades: paper and Kraken are two implementations,
 * chosen at the composition root. Failures are thrown as {@link BrokerError}.
 */
export interface Broker {
  /** Short name for logs and events ("paper", "kraken"). */
  readonly name: string
  /** The venue's quirks, declared once. */
  readonly capabilities: BrokerCapabilities
  /** Loads what the broker needs (markets); call once before trading. */
  connect(): Promise<void>
  /** Returns the market's trading rules, or null when the symbol is not traded. */
  marketRules(symbol: string): MarketRules | null
  /** Places an order and returns the exchange's acknowledgement (possibly already filled). */
  placeOrder(request: PlaceOrderRequest): Promise<BrokerOrder>
  /** Cancels an open order; throws a `not-found` BrokerError when the exchange does not know it. */
  cancelOrder(externalId: string, symbol: string): Promise<void>
  /**
   * Changes a resting order's size and trigger in place (Kraken AmendOrder): it keeps its ids
   * and never leaves the book, so a protective order moved or resized is never missing, not
   * even for the moment between a cancel and a new placement. Returns the order as it is after
   * the change (an amended trigger the market has passed executes at once); throws `not-found`
   * when the order is no longer open. A venue that cannot amend leaves it out: protective
   * orders are then cancelled and placed again.
   */
  amendOrder?(request: AmendOrderRequest): Promise<BrokerOrder>
  /** Returns an order by the exchange's id; throws `not-found` when unknown. */
  fetchOrder(externalId: string, symbol: string): Promise<BrokerOrder>
  /** Returns the order placed with our client id, open or closed, or null when there is none. */
  fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<BrokerOrder | null>
  /** Returns the open orders, of one symbol or all. */
  fetchOpenOrders(symbol?: string): Promise<BrokerOrder[]>
  /** Returns recently closed orders (filled, cancelled, expired), of one symbol or all. */
  fetchClosedOrders(symbol?: string, sinceMs?: number): Promise<BrokerOrder[]>
  /** Returns our trades, of one symbol or all, since `sinceMs` when given. */
  fetchMyTrades(symbol?: string, sinceMs?: number): Promise<BrokerTrade[]>
  /** Returns the balances per asset. */
  fetchBalances(): Promise<Record<string, BrokerBalance>>
  /**
   * A number that grows whenever one of the broker's orders changes (placed, filled,
   * cancelled, expired, rejected). A broker that can tell offers it so the order monitor can
   * skip asking order by order when nothing changed; an exchange that cannot tell leaves it out
   * and is polled.
   */
  orderRevision?(): number
  /** Releases timers and connections. */
  close(): Promise<void>
}
