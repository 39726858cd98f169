import Decimal from 'decimal.js'
import type { Clock } from '../../clock'
import type { ExecutionConfig } from '../../config/schemas/execution'
import type { Logger } from '../../logging/logger'
import type {
  AmendOrderRequest,
  Broker,
  BrokerBalance,
  BrokerOrder,
  BrokerOrderStatus,
  BrokerTrade,
  MarketRules,
  PlaceOrderRequest,
} from '../broker/broker'
import type { BrokerCapabilities } from '../broker/broker-capabilities'
import { BrokerError } from '../broker/broker-error'
import { roundDownToStep, roundUpToStep } from '../broker/round-to-step'
import type { MarketPriceSource, PriceTick } from '../market-price-source'
import { MAX_LEVERAGE } from '../position'
import { splitSymbol } from '../symbols'
import { PaperAccount } from './paper-account'

/** The paper venue: stop and take-profit orders hold no funds until they trigger. */
export const PAPER_CAPABILITIES: BrokerCapabilities = {
  orderTypes: ['market', 'limit', 'stop-loss', 'take-profit'],
  maxLeverage: MAX_LEVERAGE,
  triggerOrdersHoldFunds: false,
  canShortSpot: false,
  canFindByClientId: true,
  closedOrderRetentionDays: Number.POSITIVE_INFINITY,
}

/** The `execution.paper` section of execution.yaml. */
export type PaperConfig = ExecutionConfig['execution']['paper']

export interface PaperBrokerOptions {
  readonly clock: Clock
  readonly prices: MarketPriceSource
  readonly config: PaperConfig
  /** Prices used until the first market price of a symbol arrives (seed 001 v1.2). */
  readonly fallbackPrices: Readonly<Record<string, string>>
  readonly logger: Logger
  /** Per-symbol trading rules; symbols without an entry trade in steps of 1e-8. */
  readonly marketRules?: Readonly<Record<string, MarketRules>>
}

interface PaperOrder {
  readonly externalId: string
  readonly clientOrderId: string
  readonly symbol: string
  readonly side: 'buy' | 'sell'
  readonly type: PlaceOrderRequest['type']
  /** Size and trigger change only through {@link PaperBroker.amendOrder}. */
  size: Decimal
  readonly price: Decimal | null
  triggerPrice: Decimal | null
  readonly leverage: number
  readonly timestampMs: number
  readonly expiresAtMs: number | null
  readonly isReduceOnly: boolean
  status: BrokerOrderStatus
  filledSize: Decimal
  /** Σ size × price of the fills. */
  filledNotional: Decimal
  fee: Decimal
  /** A stop-loss or take-profit whose trigger was reached now trades as a market order. */
  isTriggered: boolean
}

const DEFAULT_STEP = new Decimal('0.00000001')
const ZERO = new Decimal(0)

/**
 * A broker that trades against the market prices it is fed: market orders fill at the
 * current price plus slippage, limit orders fill at their price once the market crosses it,
 * stop-loss and take-profit orders trigger and then fill like market orders, and orders above
 * `partial_fill_above_quote` fill in parts, one part per price update. Spot balances move
 * exactly with each fill; leveraged orders trade on margin (net position per symbol), and a
 * reduce-only one never grows or flips it.
 */
export class PaperBroker implements Broker {
  readonly name = 'paper'
  readonly capabilities = PAPER_CAPABILITIES

  private readonly account: PaperAccount
  private readonly orders = new Map<string, PaperOrder>()
  /** Both assets of every symbol ever ordered: balances list them even at zero. */
  private readonly tradedAssets = new Set<string>()
  /** The open subset of `orders`: price ticks and expiry look only at these. */
  private readonly openOrders = new Map<string, PaperOrder>()
  private readonly byClientId = new Map<string, string>()
  private readonly trades: BrokerTrade[] = []
  private readonly unsubscribe: () => void
  private nextOrderNumber = 1
  private nextTradeNumber = 1
  private revision = 0
  /** 1 + slippage: a market buy's price per unit of market price. */
  private readonly buySlippageFactor: Decimal
  /** 1 − slippage: a market sell's price per unit of market price. */
  private readonly sellSlippageFactor: Decimal
  /** The fee rate reserved with an order: the higher of taker and maker, as it may fill either way. */
  private readonly reservedFeeRate: Decimal
  /** The configured markets' rules (config `paper.markets`), built once. */
  private readonly configuredRules: ReadonlyMap<string, MarketRules>

  constructor(private readonly options: PaperBrokerOptions) {
    this.account = new PaperAccount(options.config.starting_balances)
    // The config is fixed for the broker's life: its decimals are built once, not per order and tick.
    const { slippage_pct, taker_fee_pct, maker_fee_pct } = options.config
    const slippage = new Decimal(slippage_pct).div(100)
    this.buySlippageFactor = new Decimal(1).plus(slippage)
    this.sellSlippageFactor = new Decimal(1).minus(slippage)
    this.reservedFeeRate = Decimal.max(taker_fee_pct, maker_fee_pct).div(100)
    this.configuredRules = new Map(
      Object.entries(options.config.markets ?? {}).map(([symbol, market]) => [
        symbol,
        {
          symbol,
          amountStep: new Decimal(market.amount_step),
          priceStep: new Decimal(market.price_step),
          minSize: new Decimal(market.min_size),
          minCost: new Decimal(market.min_cost),
        },
      ]),
    )
    this.unsubscribe = options.prices.onPrice((tick) => this.onTick(tick))
  }

  async connect(): Promise<void> {}

  marketRules(symbol: string): MarketRules | null {
    const configured = this.options.marketRules?.[symbol] ?? this.configuredRules.get(symbol)
    if (configured) return configured
    if (!/^[A-Z0-9]+\/[A-Z0-9]+$/.test(symbol)) return null
    return {
      symbol,
      amountStep: DEFAULT_STEP,
      priceStep: DEFAULT_STEP,
      minSize: DEFAULT_STEP,
      minCost: new Decimal(0),
    }
  }

  async placeOrder(request: PlaceOrderRequest): Promise<BrokerOrder> {
    const context = { symbol: request.symbol, clientOrderId: request.clientOrderId }
    if (!this.marketRules(request.symbol)) {
      throw new BrokerError('invalid-order', 'UNKNOWN_SYMBOL', { context })
    }
    if (this.byClientId.has(request.clientOrderId)) {
      throw new BrokerError('invalid-order', 'DUPLICATE_CLIENT_ORDER_ID', { context })
    }
    if (request.size.lte(0)) {
      throw new BrokerError('invalid-order', 'INVALID_SIZE', {
        context: { ...context, size: request.size.toString() },
      })
    }
    if (request.leverage < 1 || request.leverage > this.capabilities.maxLeverage) {
      throw new BrokerError('invalid-order', 'INVALID_LEVERAGE', {
        context: { ...context, leverage: request.leverage },
      })
    }
    if (request.type === 'limit' && !request.price?.gt(0)) {
      throw new BrokerError('invalid-order', 'LIMIT_PRICE_REQUIRED', { context })
    }
    const isTrigger = request.type === 'stop-loss' || request.type === 'take-profit'
    if (isTrigger && !request.triggerPrice?.gt(0)) {
      throw new BrokerError('invalid-order', 'TRIGGER_PRICE_REQUIRED', { context })
    }
    const marketPrice = this.currentPrice(request.symbol)
    if (!marketPrice) {
      throw new BrokerError('invalid-order', 'NO_MARKET_PRICE', { context })
    }
    this.checkFunds(request, marketPrice)
    const order: PaperOrder = {
      externalId: `PAPER-${String(this.nextOrderNumber++).padStart(6, '0')}`,
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      size: request.size,
      price: request.type === 'limit' ? request.price! : null,
      triggerPrice: isTrigger ? request.triggerPrice! : null,
      leverage: request.leverage,
      timestampMs: this.options.clock.now(),
      expiresAtMs: request.expiresAtMs ?? null,
      isReduceOnly: request.reduceOnly === true && request.leverage > 1,
      status: 'open',
      filledSize: new Decimal(0),
      filledNotional: new Decimal(0),
      fee: new Decimal(0),
      isTriggered: false,
    }
    this.orders.set(order.externalId, order)
    this.openOrders.set(order.externalId, order)
    const { base, quote } = splitSymbol(order.symbol)
    this.tradedAssets.add(base).add(quote)
    this.byClientId.set(order.clientOrderId, order.externalId)
    this.revision++
    this.evaluate(order, marketPrice, true)
    return this.snapshot(order)
  }

  async cancelOrder(externalId: string, symbol: string): Promise<void> {
    const order = this.orders.get(externalId)
    if (!order || order.status !== 'open') {
      throw new BrokerError('not-found', 'UNKNOWN_OPEN_ORDER', {
        context: { externalId, symbol, status: order?.status },
      })
    }
    this.end(order, 'canceled')
  }

  async amendOrder(request: AmendOrderRequest): Promise<BrokerOrder> {
    this.expireDue()
    const { externalId, symbol, size, triggerPrice } = request
    const context = { externalId, symbol, size: size.toString() }
    const order = this.orders.get(externalId)
    if (!order || order.status !== 'open') {
      throw new BrokerError('not-found', 'UNKNOWN_OPEN_ORDER', {
        context: { ...context, status: order?.status },
      })
    }
    if (size.lte(order.filledSize)) {
      throw new BrokerError('invalid-order', 'INVALID_SIZE', {
        context: { ...context, filledSize: order.filledSize.toString() },
      })
    }
    if (triggerPrice !== undefined && (order.triggerPrice === null || !triggerPrice.gt(0))) {
      throw new BrokerError('invalid-order', 'INVALID_TRIGGER_PRICE', {
        context: { ...context, type: order.type, triggerPrice: triggerPrice.toString() },
      })
    }
    if (order.type === 'limit' && size.gt(order.size)) {
      // Only a limit order holds funds: its growth must be free now.
      const growth = this.requiredFunds(
        symbol,
        order.side,
        size.minus(order.size),
        order.price!,
        order.leverage,
        false,
      )
      if (growth) this.requireFree(growth, context)
    }
    order.size = size
    if (triggerPrice !== undefined) order.triggerPrice = triggerPrice
    this.revision++
    // A trigger moved past the market executes at once, as a new order there would.
    const marketPrice = this.currentPrice(symbol)
    if (marketPrice) this.evaluate(order, marketPrice, false)
    return this.snapshot(order)
  }

  orderRevision(): number {
    this.expireDue()
    return this.revision
  }

  async fetchOrder(externalId: string, symbol: string): Promise<BrokerOrder> {
    this.expireDue()
    const order = this.orders.get(externalId)
    if (!order) {
      throw new BrokerError('not-found', 'UNKNOWN_ORDER', { context: { externalId, symbol } })
    }
    return this.snapshot(order)
  }

  async fetchOrderByClientId(clientOrderId: string, _symbol?: string): Promise<BrokerOrder | null> {
    this.expireDue()
    const externalId = this.byClientId.get(clientOrderId)
    return externalId ? this.snapshot(this.orders.get(externalId)!) : null
  }

  async fetchOpenOrders(symbol?: string): Promise<BrokerOrder[]> {
    return this.select((order) => order.status === 'open', symbol)
  }

  async fetchClosedOrders(symbol?: string, sinceMs?: number): Promise<BrokerOrder[]> {
    return this.select(
      (order) => order.status !== 'open' && (sinceMs === undefined || order.timestampMs >= sinceMs),
      symbol,
    )
  }

  async fetchMyTrades(symbol?: string, sinceMs?: number): Promise<BrokerTrade[]> {
    return this.trades.filter(
      (trade) =>
        (symbol === undefined || trade.symbol === symbol) &&
        (sinceMs === undefined || trade.timestampMs >= sinceMs),
    )
  }

  async fetchBalances(): Promise<Record<string, BrokerBalance>> {
    const usedByAsset = this.usedByAsset()
    const balances: Record<string, BrokerBalance> = {}
    for (const asset of new Set([...this.account.assets(), ...this.tradedAssets])) {
      const total = this.account.total(asset)
      const used = usedByAsset.get(asset) ?? ZERO
      balances[asset] = { total, used, free: total.minus(used) }
    }
    return balances
  }

  async close(): Promise<void> {
    this.unsubscribe()
  }

  /** Returns the price fills use now: the latest market price, else the configured fallback. */
  currentPrice(symbol: string): Decimal | null {
    const latest = this.options.prices.latestPrice(symbol)
    if (latest) return latest
    const fallback = this.options.fallbackPrices[symbol]
    return fallback === undefined ? null : new Decimal(fallback)
  }

  private onTick(tick: PriceTick): void {
    this.expireDue()
    for (const order of [...this.openOrders.values()]) {
      if (order.status === 'open' && order.symbol === tick.symbol) {
        this.evaluate(order, tick.price, false)
      }
    }
  }

  /** Fills what the price allows: one part per call for large orders. */
  private evaluate(order: PaperOrder, price: Decimal, isPlacement: boolean): void {
    switch (order.type) {
      case 'market':
        this.fill(order, this.takerPrice(order.symbol, order.side, price), false)
        return
      case 'limit': {
        const limit = order.price!
        const crosses = order.side === 'buy' ? price.lte(limit) : price.gte(limit)
        if (!crosses) return
        // A limit order marketable on arrival takes liquidity (never worse than its limit);
        // a resting one is filled at its own price as maker.
        if (isPlacement) {
          const withSlippage = this.takerPrice(order.symbol, order.side, price)
          const taken =
            order.side === 'buy'
              ? Decimal.min(withSlippage, limit)
              : Decimal.max(withSlippage, limit)
          this.fill(order, taken, false)
        } else {
          this.fill(order, limit, true)
        }
        return
      }
      case 'stop-loss':
      case 'take-profit': {
        if (!order.isTriggered) {
          const trigger = order.triggerPrice!
          const fallsTo = price.lte(trigger)
          const risesTo = price.gte(trigger)
          // A sell stop-loss and a buy take-profit wait for the price to fall; the others for it to rise.
          const isFallTrigger = (order.type === 'stop-loss') === (order.side === 'sell')
          order.isTriggered = isFallTrigger ? fallsTo : risesTo
          if (!order.isTriggered) return
        }
        this.fill(order, this.takerPrice(order.symbol, order.side, price), false)
        return
      }
    }
  }

  /**
   * The price a taker gets: the market's price moved by the slippage against the order, on
   * the market's tick (a buy rounds up, a sell down), as an exchange would fill it.
   */
  private takerPrice(symbol: string, side: 'buy' | 'sell', price: Decimal): Decimal {
    const step = this.marketRules(symbol)?.priceStep ?? DEFAULT_STEP
    return side === 'buy'
      ? roundUpToStep(price.times(this.buySlippageFactor), step)
      : roundDownToStep(price.times(this.sellSlippageFactor), step)
  }

  private fill(order: PaperOrder, price: Decimal, isMaker: boolean): void {
    const remaining = this.fillableSize(order)
    if (remaining.lte(0)) {
      // Reduce-only with nothing left to reduce: the exchange cancels it rather than open a position.
      this.end(order, 'canceled')
      return
    }
    const size = this.partSize(order, remaining, price)
    if (size.lte(0)) return
    const feePct = isMaker ? this.options.config.maker_fee_pct : this.options.config.taker_fee_pct
    const fee = size.times(price).times(feePct).div(100)
    const { base, quote } = splitSymbol(order.symbol)
    if (!this.canSettle(order, base, quote, size, price, fee)) {
      // Funds vanished between placement (or trigger) and fill: the exchange rejects the rest.
      this.end(order, order.filledSize.isZero() ? 'rejected' : 'canceled')
      this.options.logger.warn(
        { externalId: order.externalId, symbol: order.symbol },
        'paper order lacks funds at fill time',
      )
      return
    }
    if (order.leverage > 1) {
      this.account.applyMarginFill(
        order.symbol,
        quote,
        order.side,
        size,
        price,
        fee,
        order.leverage,
      )
    } else {
      this.account.applySpotFill(base, quote, order.side, size, price, fee)
    }
    order.filledSize = order.filledSize.plus(size)
    order.filledNotional = order.filledNotional.plus(size.times(price))
    order.fee = order.fee.plus(fee)
    if (order.filledSize.eq(order.size)) this.end(order, 'closed')
    else if (this.fillableSize(order).lte(0)) this.end(order, 'canceled')
    else this.revision++
    this.trades.push({
      tradeId: `PT-${String(this.nextTradeNumber++).padStart(6, '0')}`,
      externalOrderId: order.externalId,
      symbol: order.symbol,
      side: order.side,
      size,
      price,
      fee,
      feeAsset: quote,
      timestampMs: this.options.clock.now(),
    })
  }

  /**
   * The unfilled rest, or for a reduce-only order at most what reduces the net margin position
   * without flipping it (nothing when flat or on the order's own side).
   */
  private fillableSize(order: PaperOrder): Decimal {
    const remaining = order.size.minus(order.filledSize)
    if (!order.isReduceOnly) return remaining
    const net = this.account.marginPosition(order.symbol)?.size ?? ZERO
    const reducible = order.side === 'sell' ? net : net.neg()
    return Decimal.max(ZERO, Decimal.min(remaining, reducible))
  }

  /** Large orders fill at most `partial_fill_above_quote` of notional per part. */
  private partSize(order: PaperOrder, remaining: Decimal, price: Decimal): Decimal {
    const threshold = new Decimal(this.options.config.partial_fill_above_quote)
    if (threshold.lte(0) || remaining.times(price).lte(threshold)) return remaining
    const step = this.marketRules(order.symbol)?.amountStep ?? DEFAULT_STEP
    const part = roundDownToStep(threshold.div(price), step)
    return Decimal.max(Decimal.min(part, remaining), Decimal.min(step, remaining))
  }

  private checkFunds(request: PlaceOrderRequest, marketPrice: Decimal): void {
    // Trigger orders hold nothing until they trigger (capabilities.triggerOrdersHoldFunds).
    if (request.type === 'stop-loss' || request.type === 'take-profit') return
    const price = request.type === 'limit' ? request.price! : marketPrice
    const required = this.requiredFunds(
      request.symbol,
      request.side,
      request.size,
      price,
      request.leverage,
      request.type === 'market',
    )
    if (!required) return
    this.requireFree(required, { symbol: request.symbol, clientOrderId: request.clientOrderId })
  }

  /** Throws `insufficient-funds` unless `required` is free now. */
  private requireFree(
    required: { asset: string; amount: Decimal },
    context: Record<string, string>,
  ): void {
    const free = this.account.total(required.asset).minus(this.used(required.asset))
    if (free.lt(required.amount)) {
      throw new BrokerError('insufficient-funds', 'INSUFFICIENT_FUNDS', {
        context: {
          ...context,
          asset: required.asset,
          required: required.amount.toString(),
          free: free.toString(),
        },
      })
    }
  }

  /** What an order needs free: quote for buys and margin, base for spot sells; null when it only reduces margin. */
  private requiredFunds(
    symbol: string,
    side: 'buy' | 'sell',
    size: Decimal,
    price: Decimal,
    leverage: number,
    isMarket: boolean,
  ): { asset: string; amount: Decimal } | null {
    const { base, quote } = splitSymbol(symbol)
    const cost = size.times(price)
    // cost × (pct / 100) has the digits of (cost × pct) / 100: a division by 100 only moves the
    // point, before or after the product's rounding alike, so the rate is divided once.
    const fee = cost.times(this.reservedFeeRate)
    if (leverage > 1) {
      // Only the part that opens or grows the net position needs margin; reducing is free.
      const current = this.account.marginPosition(symbol)
      const isOpposite = current !== null && current.size.isPositive() === (side === 'sell')
      const opening = isOpposite ? Decimal.max(0, size.minus(current.size.abs())) : size
      if (opening.isZero()) return null
      return { asset: quote, amount: opening.times(price).div(leverage).plus(fee) }
    }
    if (side === 'buy') {
      // A limit buy pays no slippage; a market buy pays what its fill would cost now.
      const paid = isMarket ? size.times(this.takerPrice(symbol, 'buy', price)) : cost
      return { asset: quote, amount: paid.plus(fee) }
    }
    return { asset: base, amount: size }
  }

  private canSettle(
    order: PaperOrder,
    base: string,
    quote: string,
    size: Decimal,
    price: Decimal,
    fee: Decimal,
  ): boolean {
    if (order.leverage > 1) return this.account.total(quote).gte(fee)
    const ownReservation = this.reservation(order)
    if (order.side === 'buy') {
      const free = this.account
        .total(quote)
        .minus(this.used(quote))
        .plus(ownReservation?.amount ?? 0)
      return free.gte(size.times(price).plus(fee))
    }
    const free = this.account
      .total(base)
      .minus(this.used(base))
      .plus(ownReservation?.amount ?? 0)
    return free.gte(size)
  }

  /** Funds an open limit order holds (its unfilled part). */
  private reservation(order: PaperOrder): { asset: string; amount: Decimal } | null {
    if (order.status !== 'open' || order.type !== 'limit') return null
    const remaining = order.size.minus(order.filledSize)
    return this.requiredFunds(
      order.symbol,
      order.side,
      remaining,
      order.price!,
      order.leverage,
      false,
    )
  }

  private used(asset: string): Decimal {
    return this.usedByAsset().get(asset) ?? ZERO
  }

  /**
   * Returns what is held per asset: the margin of open margin positions, then each open limit
   * order's reservation, summed in that order. One pass serves every asset of a balance read.
   */
  private usedByAsset(): Map<string, Decimal> {
    const used = this.account.marginHeldByQuote((symbol) => splitSymbol(symbol).quote)
    for (const order of this.openOrders.values()) {
      const reservation = this.reservation(order)
      if (!reservation) continue
      used.set(reservation.asset, (used.get(reservation.asset) ?? ZERO).plus(reservation.amount))
    }
    return used
  }

  /** Good-till-date orders whose time has come expire with their unfilled rest. */
  private expireDue(): void {
    const now = this.options.clock.now()
    for (const order of this.openOrders.values()) {
      if (order.expiresAtMs !== null && order.expiresAtMs <= now) this.end(order, 'expired')
    }
  }

  /** An order leaves the open book; every status change after placement goes through here. */
  private end(order: PaperOrder, status: Exclude<BrokerOrderStatus, 'open'>): void {
    order.status = status
    this.openOrders.delete(order.externalId)
    this.revision++
  }

  private select(predicate: (order: PaperOrder) => boolean, symbol?: string): BrokerOrder[] {
    this.expireDue()
    return [...this.orders.values()]
      .filter((order) => predicate(order) && (symbol === undefined || order.symbol === symbol))
      .map((order) => this.snapshot(order))
  }

  private snapshot(order: PaperOrder): BrokerOrder {
    return {
      externalId: order.externalId,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      status: order.status,
      size: order.size,
      filledSize: order.filledSize,
      averagePrice: order.filledSize.isZero() ? null : order.filledNotional.div(order.filledSize),
      fee: order.fee,
      price: order.price,
      triggerPrice: order.triggerPrice,
      leverage: order.leverage,
      timestampMs: order.timestampMs,
    }
  }
}
