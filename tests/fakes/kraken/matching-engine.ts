import type { Clock } from '../../../src-main/engine/clock'
import type { Balances } from './balances'
import type { FaultInjector } from './fault-injector'
import type { IdGenerator } from './id-generator'
import {
  KrakenError,
  KrakenErrorText,
  invalidArgument,
  invalidPriceDecimals,
} from './kraken-errors'
import type { MarginPositions } from './margin-positions'
import type { Execution, MarketData } from './market-data'
import { Dec, floorTo, roundTo } from './numbers'
import {
  type OrderRequest,
  type SimOrder,
  type SimTrade,
  isTriggerType,
  limitPriceOf,
  remainingOf,
} from './order-model'
import type { AssetSpec, FeeSchedule, PairSpec } from './pair-catalogue'

/** What AmendOrder may change on an open order; the rest stays as placed. */
export interface OrderAmendment {
  readonly volume?: Dec
  readonly triggerPrice?: Dec
  readonly limitPrice?: Dec
}

/** The collaborators a matching engine works with; the simulator owns them all. */
export interface MatchingEngineDependencies {
  readonly balances: Balances
  readonly margin: MarginPositions
  readonly market: MarketData
  readonly faults: FaultInjector
  readonly ids: IdGenerator
  readonly clock: Clock
  readonly fees: () => FeeSchedule
}

/**
 * Kraken's order rules and executions: validation (minimums, precision, leverage, funds),
 * market and limit execution, stop-loss / take-profit / trailing-stop triggers on the mark
 * price, partial fills, conditional close orders, expiry, and exact balance movements
 * with fees charged in the quote asset.
 */
export class MatchingEngine {
  private readonly orders = new Map<string, SimOrder>()
  private readonly trades: SimTrade[] = []
  private tradeNumber = 0

  constructor(private readonly deps: MatchingEngineDependencies) {}

  /**
   * Checks an order the way AddOrder does and returns it with its base volume resolved.
   * `validate=true` requests skip the funds check: Kraken validates inputs only.
   */
  validate(
    request: OrderRequest,
    options: { checkFunds: boolean } = { checkFunds: true },
  ): OrderRequest {
    const resolved = this.resolveQuoteVolume(request)
    const { pair } = resolved
    for (const price of [
      resolved.price,
      resolved.price2,
      resolved.close?.price,
      resolved.close?.price2,
    ]) {
      if (price && price.decimalPlaces() > pair.pairDecimals) {
        throw KrakenError.of(invalidPriceDecimals(pair.altname, pair.pairDecimals))
      }
    }
    if (resolved.volume.decimalPlaces() > pair.lotDecimals) {
      throw KrakenError.of(invalidArgument('volume'))
    }
    if (resolved.volume.lt(pair.orderMin)) throw KrakenError.of(KrakenErrorText.orderMinimumNotMet)
    const referencePrice = this.referencePrice(resolved)
    if (resolved.volume.times(referencePrice).lt(pair.costMin)) {
      throw KrakenError.of(KrakenErrorText.costMinimumNotMet)
    }
    if (resolved.leverage !== undefined) {
      const allowed = resolved.side === 'buy' ? pair.leverageBuy : pair.leverageSell
      if (!allowed.includes(resolved.leverage)) throw KrakenError.of(invalidArgument('leverage'))
    }
    const clientOrderId = resolved.clientOrderId
    if (
      clientOrderId !== undefined &&
      this.openOrders().some((order) => order.clientOrderId === clientOrderId)
    ) {
      throw KrakenError.of(KrakenErrorText.duplicateClientOrderId)
    }
    if (options.checkFunds) this.checkFunds(resolved, referencePrice)
    return resolved
  }

  /** Validates and places an order, executing whatever it can at once; returns it. */
  place(request: OrderRequest): SimOrder {
    const order = this.open(this.validate(request))
    this.tryExecute(order)
    return order
  }

  /** Cancels every open order `matches` selects; returns how many it cancelled. */
  cancel(matches: (order: SimOrder) => boolean): number {
    const selected = this.openOrders().filter(matches)
    for (const order of selected) this.finish(order, 'canceled', 'User requested')
    return selected.length
  }

  /**
   * Changes an open order in place, as AmendOrder does: same txid and client id, fills kept.
   * A quantity at or below what has filled cancels the rest; a trigger or limit moved past the
   * mark executes at once. Throws Kraken's errors for an unknown order and for values AddOrder
   * would refuse.
   */
  amend(matches: (order: SimOrder) => boolean, changes: OrderAmendment): SimOrder {
    const order = this.openOrders().find(matches)
    if (!order) throw KrakenError.of(KrakenErrorText.unknownOrder)
    const { pair } = order
    if (changes.triggerPrice !== undefined && !isTriggerType(order.type)) {
      throw KrakenError.of(invalidArgument('trigger_price'))
    }
    const hasLimit = order.type === 'limit' || order.price2 !== undefined
    if (changes.limitPrice !== undefined && !hasLimit) {
      throw KrakenError.of(invalidArgument('limit_price'))
    }
    for (const price of [changes.triggerPrice, changes.limitPrice]) {
      if (price && price.decimalPlaces() > pair.pairDecimals) {
        throw KrakenError.of(invalidPriceDecimals(pair.altname, pair.pairDecimals))
      }
    }
    const volume = changes.volume ?? order.volume
    if (volume.decimalPlaces() > pair.lotDecimals)
      throw KrakenError.of(invalidArgument('order_qty'))
    const amended: SimOrder = {
      ...order,
      volume,
      ...(order.type === 'limit'
        ? { price: changes.limitPrice ?? order.price }
        : {
            price: changes.triggerPrice ?? order.price,
            price2: changes.limitPrice ?? order.price2,
          }),
    }
    if (volume.lte(order.filled)) {
      this.finish(order, 'canceled', 'Amended below filled quantity')
      return order
    }
    if (volume.lt(pair.orderMin)) throw KrakenError.of(KrakenErrorText.orderMinimumNotMet)
    if (volume.times(this.referencePrice(amended)).lt(pair.costMin)) {
      throw KrakenError.of(KrakenErrorText.costMinimumNotMet)
    }
    // The order's own hold is free for its new self.
    for (const asset of [pair.base, pair.quote]) {
      const needed = this.holdOf(amended, asset).minus(this.holdOf(order, asset))
      if (needed.gt(0) && this.free(asset).lt(needed)) {
        throw KrakenError.of(KrakenErrorText.insufficientFunds)
      }
    }
    this.orders.set(order.txid, amended)
    this.tryExecute(amended)
    return amended
  }

  /** Re-evaluates the open orders of a pair after its mark price moved. */
  onPriceChange(pair: PairSpec): void {
    this.expire()
    for (const order of this.openOrders()) {
      if (order.pair.id === pair.id && order.status === 'open') this.tryExecute(order)
    }
  }

  /**
   * Fills the rest of a partly filled order now: at `price` if given, else at its limit
   * price (as maker) or the mark (as taker). Returns false when the order is not open.
   */
  fillRemaining(txid: string, price?: Dec): boolean {
    const order = this.orders.get(txid)
    if (!order || order.status !== 'open') return false
    const limit = limitPriceOf(order)
    const isMaker = price === undefined && limit !== undefined
    const fillPrice = price ?? limit ?? this.deps.market.requirePrice(order.pair)
    this.applyFill(order, fillPrice, remainingOf(order), isMaker)
    return true
  }

  /** Expires open orders whose expiry time has passed. */
  expire(): void {
    const now = this.deps.clock.now()
    for (const order of this.openOrders()) {
      if (order.expiresAt !== undefined && order.expiresAt <= now) {
        this.finish(order, 'expired', null)
      }
    }
  }

  /** Returns the amount of an asset held by open orders and margin positions. */
  held(asset: AssetSpec): Dec {
    const orderHolds = this.openOrders().reduce(
      (sum, order) => sum.plus(this.holdOf(order, asset)),
      new Dec(0),
    )
    return orderHolds.plus(this.deps.margin.lockedMargin(asset.id))
  }

  /** Returns the amount of an asset free for new orders. */
  free(asset: AssetSpec): Dec {
    return this.deps.balances.total(asset).minus(this.held(asset))
  }

  /** Returns an order by txid. */
  order(txid: string): SimOrder | undefined {
    return this.orders.get(txid)
  }

  /** Returns every order, oldest first. */
  allOrders(): SimOrder[] {
    return [...this.orders.values()]
  }

  /** Returns the open orders, oldest first. */
  openOrders(): SimOrder[] {
    return this.allOrders().filter((order) => order.status === 'open' || order.status === 'pending')
  }

  /** Returns every fill, oldest first. */
  allTrades(): SimTrade[] {
    return [...this.trades]
  }

  /** Forgets every order and fill. */
  reset(): void {
    this.orders.clear()
    this.trades.length = 0
    this.tradeNumber = 0
  }

  private resolveQuoteVolume(request: OrderRequest): OrderRequest {
    if (!request.quoteVolume) return request
    const mark = this.deps.market.requirePrice(request.pair)
    return { ...request, volume: floorTo(request.quoteVolume.div(mark), request.pair.lotDecimals) }
  }

  /** The price an order is expected to execute at, for minimums, holds and funds. */
  private referencePrice(order: OrderRequest): Dec {
    const limit = limitPriceOf(order)
    if (limit) return limit
    if (isTriggerType(order.type) && order.type !== 'trailing-stop' && order.price) {
      return order.price
    }
    return this.deps.market.requirePrice(order.pair)
  }

  private checkFunds(order: OrderRequest, referencePrice: Dec): void {
    const { pair } = order
    const quoteDecimals = pair.quote.decimals
    if (order.leverage !== undefined) {
      if (this.reducesPosition(order)) return
      const cost = order.volume.times(referencePrice)
      const fee = cost.times(this.deps.fees().takerPercent).div(100)
      const required = roundTo(cost.div(order.leverage).plus(fee), quoteDecimals)
      if (this.free(pair.quote).lt(required)) {
        throw KrakenError.of(KrakenErrorText.insufficientMargin)
      }
      return
    }
    if (order.side === 'sell') {
      if (this.free(pair.base).lt(order.volume)) {
        throw KrakenError.of(KrakenErrorText.insufficientFunds)
      }
      return
    }
    const required = roundTo(this.withTakerFee(order.volume.times(referencePrice)), quoteDecimals)
    if (this.free(pair.quote).lt(required)) throw KrakenError.of(KrakenErrorText.insufficientFunds)
  }

  private reducesPosition(order: OrderRequest): boolean {
    const position = this.deps.margin.position(order.pair)
    return (
      position !== undefined && position.side !== order.side && order.volume.lte(position.volume)
    )
  }

  private holdOf(order: SimOrder, asset: AssetSpec): Dec {
    const { pair } = order
    const remaining = remainingOf(order)
    if (order.leverage !== undefined) {
      if (asset.id !== pair.quote.id || this.reducesPosition({ ...order, volume: remaining })) {
        return new Dec(0)
      }
      return roundTo(
        remaining.times(this.referencePrice(order)).div(order.leverage),
        pair.quote.decimals,
      )
    }
    if (order.side === 'sell') return asset.id === pair.base.id ? remaining : new Dec(0)
    if (asset.id !== pair.quote.id) return new Dec(0)
    return roundTo(
      this.withTakerFee(remaining.times(this.referencePrice(order))),
      pair.quote.decimals,
    )
  }

  private withTakerFee(cost: Dec): Dec {
    return cost.times(new Dec(100).plus(this.deps.fees().takerPercent)).div(100)
  }

  private open(request: OrderRequest): SimOrder {
    const order: SimOrder = {
      ...request,
      txid: this.deps.ids.orderId(),
      openedAt: this.deps.clock.now(),
      status: 'open',
      isTriggered: false,
      hasArrived: false,
      filled: new Dec(0),
      cost: new Dec(0),
      fee: new Dec(0),
      tradeIds: [],
      ...(request.trailing ? { trailingPeak: this.deps.market.requirePrice(request.pair) } : {}),
    }
    this.orders.set(order.txid, order)
    return order
  }

  private tryExecute(order: SimOrder): void {
    const mark = this.deps.market.price(order.pair)
    if (isTriggerType(order.type) && !order.isTriggered) {
      if (!mark || !this.isTriggeredAt(order, mark)) return
      order.isTriggered = true
    }
    const limit = limitPriceOf(order)
    if (!limit) {
      // Market-like: one attempt; a remainder (partial fill, thin book) waits for fillRemaining.
      if (order.hasArrived) return
      order.hasArrived = true
      this.take(order, undefined)
      return
    }
    if (order.hasArrived) {
      if (mark && (order.side === 'buy' ? mark.lte(limit) : mark.gte(limit))) {
        this.fillResting(order, limit)
      }
      return
    }
    order.hasArrived = true
    const isMarketable =
      mark !== undefined && (order.side === 'buy' ? mark.lte(limit) : mark.gte(limit))
    if (isMarketable && order.oflags.includes('post')) {
      this.finish(order, 'canceled', 'Post only order')
      return
    }
    if (isMarketable || this.deps.market.hasBook(order.pair)) this.take(order, limit)
    if (order.status === 'open' && order.timeInForce === 'IOC') {
      this.finish(order, 'canceled', 'IOC')
    }
  }

  private isTriggeredAt(order: SimOrder, mark: Dec): boolean {
    const { price, side } = order
    switch (order.type) {
      case 'stop-loss':
      case 'stop-loss-limit':
        return price !== undefined && (side === 'sell' ? mark.lte(price) : mark.gte(price))
      case 'take-profit':
      case 'take-profit-limit':
        return price !== undefined && (side === 'sell' ? mark.gte(price) : mark.lte(price))
      case 'trailing-stop':
        return this.isTrailingStopHit(order, mark)
      default:
        return true
    }
  }

  private isTrailingStopHit(order: SimOrder, mark: Dec): boolean {
    const { trailing } = order
    if (!trailing) return false
    const peak = order.trailingPeak ?? mark
    order.trailingPeak = order.side === 'sell' ? Dec.max(peak, mark) : Dec.min(peak, mark)
    const distance = trailing.isPercent
      ? order.trailingPeak.times(trailing.amount).div(100)
      : trailing.amount
    return order.side === 'sell'
      ? mark.lte(order.trailingPeak.minus(distance))
      : mark.gte(order.trailingPeak.plus(distance))
  }

  /** Takes liquidity as taker, no worse than `limit`. */
  private take(order: SimOrder, limit: Dec | undefined): void {
    const wanted = this.volumeForThisFill(order)
    if (wanted.lte(0)) return
    const executions = this.deps.market.take(order.pair, order.side, wanted, limit)
    this.fill(order, executions, false)
  }

  /** A resting order the price crossed fills at its limit as maker (partial fills apply). */
  private fillResting(order: SimOrder, limit: Dec): void {
    const volume = this.volumeForThisFill(order)
    if (volume.gt(0)) this.fill(order, [{ price: limit, volume }], true)
  }

  private fill(order: SimOrder, executions: readonly Execution[], isMaker: boolean): void {
    for (const execution of executions) {
      if (execution.volume.lte(0) || order.status !== 'open') continue
      if (!this.applyFill(order, execution.price, execution.volume, isMaker)) {
        this.finish(order, 'canceled', 'Insufficient funds')
        return
      }
    }
  }

  private volumeForThisFill(order: SimOrder): Dec {
    const remaining = remainingOf(order)
    const fraction = this.deps.faults.takePartialFill()
    return fraction ? floorTo(remaining.times(fraction), order.pair.lotDecimals) : remaining
  }

  /** Moves balances for one execution and records the trade; false when it cannot be funded. */
  private applyFill(order: SimOrder, price: Dec, volume: Dec, isMaker: boolean): boolean {
    const { pair, side } = order
    const { balances, margin, clock } = this.deps
    const now = clock.now()
    const cost = roundTo(price.times(volume), pair.quote.decimals)
    const feePercent = isMaker ? this.deps.fees().makerPercent : this.deps.fees().takerPercent
    const fee = roundTo(cost.times(feePercent).div(100), pair.quote.decimals)
    let positionTxid = this.deps.ids.positionId()
    let lockedMargin = new Dec(0)
    if (order.leverage !== undefined) {
      const effect = margin.applyFill({
        pair,
        side,
        volume,
        price,
        fee,
        leverage: order.leverage,
        orderTxid: order.txid,
        time: now,
      })
      balances.add(pair.quote, effect.realisedProfit.minus(fee))
      positionTxid = effect.positionId
      lockedMargin = roundTo(cost.div(order.leverage), pair.quote.decimals)
    } else if (side === 'buy') {
      if (balances.total(pair.quote).lt(cost.plus(fee))) return false
      balances.add(pair.base, volume)
      balances.add(pair.quote, cost.plus(fee).neg())
    } else {
      if (balances.total(pair.base).lt(volume)) return false
      balances.add(pair.base, volume.neg())
      balances.add(pair.quote, cost.minus(fee))
    }
    this.tradeNumber += 1
    const trade: SimTrade = {
      id: this.deps.ids.tradeId(),
      orderTxid: order.txid,
      positionTxid,
      tradeNumber: this.tradeNumber,
      pair,
      time: now,
      side,
      orderType: order.type,
      price,
      volume,
      cost,
      fee,
      margin: lockedMargin,
      isMaker,
      ...(order.leverage === undefined ? {} : { leverage: order.leverage }),
    }
    this.trades.push(trade)
    this.deps.market.recordTrade(pair, price, volume)
    order.filled = order.filled.plus(volume)
    order.cost = order.cost.plus(cost)
    order.fee = order.fee.plus(fee)
    order.tradeIds.push(trade.id)
    if (order.filled.gte(order.volume)) {
      this.finish(order, 'closed', null)
      this.placeConditionalClose(order)
    }
    return true
  }

  private finish(
    order: SimOrder,
    status: 'closed' | 'canceled' | 'expired',
    reason: string | null,
  ): void {
    order.status = status
    order.closedAt = this.deps.clock.now()
    if (reason !== null) order.reason = reason
  }

  /** Kraken places the `close[...]` order once the primary order has filled completely. */
  private placeConditionalClose(primary: SimOrder): void {
    const { close } = primary
    if (!close) return
    const order = this.open({
      pair: primary.pair,
      side: primary.side === 'buy' ? 'sell' : 'buy',
      type: close.type,
      volume: primary.volume,
      ...(close.price ? { price: close.price } : {}),
      ...(close.price2 ? { price2: close.price2 } : {}),
      ...(primary.leverage === undefined ? {} : { leverage: primary.leverage }),
      ...(primary.userref === undefined ? {} : { userref: primary.userref }),
      oflags: [],
      timeInForce: 'GTC',
      reduceOnly: false,
      refid: primary.txid,
    })
    this.tryExecute(order)
  }
}
