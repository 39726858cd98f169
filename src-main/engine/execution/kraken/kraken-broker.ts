import { BaseError, type ConstructorArgs, type Market, type Order as CcxtOrder } from 'ccxt'
import type Decimal from 'decimal.js'
import type { Clock } from '../../clock'
import type { ExecutionConfig } from '../../config/schemas/execution'
import type { Logger } from '../../logging/logger'
import type {
  AmendOrderRequest,
  Broker,
  BrokerBalance,
  BrokerOrder,
  BrokerTrade,
  MarketRules,
  PlaceOrderRequest,
} from '../broker/broker'
import { BrokerError } from '../broker/broker-error'
import { KRAKEN_CAPABILITIES } from './kraken-capabilities'
import { KRAKEN_KEY_VARIABLE_NAMES } from './kraken-key-variables'
import { mapCcxtError } from './kraken-errors'
import {
  parseKrakenBalances,
  parseKrakenMarket,
  parseKrakenOrder,
  parseKrakenTrade,
} from './kraken-parse'
import { ThrottledKraken } from './kraken-rate-limits'

/** The `execution.kraken` section of execution.yaml. */
export type KrakenConfig = ExecutionConfig['execution']['kraken']

export interface KrakenBrokerOptions {
  readonly config: KrakenConfig
  readonly clock: Clock
  readonly logger: Logger
  /** Extra ccxt constructor settings (tests: a nonce source, `enableRateLimit: false`). */
  readonly ccxt?: ConstructorArgs
}

/**
 * Kraken through the real ccxt `kraken` client. Every order carries our client id as
 * Kraken's `cl_ord_id` and a `deadline`; ccxt's own rate limiter enforces the configured
 * budgets; ccxt types stay inside this folder and every ccxt error is mapped once into a
 * {@link BrokerError}. `base_url` points ccxt at another host (the Kraken simulator).
 */
export class KrakenBroker implements Broker {
  readonly name = 'kraken'
  readonly capabilities = KRAKEN_CAPABILITIES

  private readonly exchange: ThrottledKraken
  private rules = new Map<string, MarketRules>()

  constructor(private readonly options: KrakenBrokerOptions) {
    const { config } = options
    if (!config.api_key || !config.api_secret) {
      throw new BrokerError('authentication', 'KRAKEN_KEYS_MISSING', {
        context: { hint: `set ${KRAKEN_KEY_VARIABLE_NAMES}` },
      })
    }
    const baseUrl = config.base_url?.replace(/\/+$/, '')
    this.exchange = new ThrottledKraken(
      {
        apiKey: config.api_key,
        secret: config.api_secret,
        timeout: config.timeout_ms,
        ...options.ccxt,
        // ccxt builds `<urls.api[api]>/0/<api>/<Method>`: override the base only, both APIs.
        ...(baseUrl ? { urls: { api: { public: baseUrl, private: baseUrl } } } : {}),
      },
      config.rate_limit,
    )
  }

  async connect(): Promise<void> {
    const markets = await this.call({ operation: 'loadMarkets' }, () => this.exchange.loadMarkets())
    const rules = new Map<string, MarketRules>()
    for (const market of Object.values(markets) as Market[]) {
      if (!market) continue
      try {
        rules.set(market.symbol, parseKrakenMarket(market))
      } catch (error) {
        this.options.logger.warn({ symbol: market.symbol, err: error }, 'kraken market skipped')
      }
    }
    this.rules = rules
  }

  marketRules(symbol: string): MarketRules | null {
    return this.rules.get(symbol) ?? null
  }

  async placeOrder(request: PlaceOrderRequest): Promise<BrokerOrder> {
    const context = {
      operation: 'placeOrder',
      symbol: request.symbol,
      clientOrderId: request.clientOrderId,
    }
    const params: Record<string, unknown> = { clientOrderId: request.clientOrderId }
    if (request.leverage > 1) params.leverage = request.leverage
    // ccxt sends it as AddOrder's `reduce_only=true`.
    if (request.reduceOnly === true) params.reduceOnly = true
    if (request.deadlineMs !== undefined) {
      params.deadline = new Date(request.deadlineMs).toISOString()
    }
    if (request.expiresAtMs !== undefined) {
      // Good-till-date: Kraken takes the expiry as Unix seconds.
      params.timeinforce = 'GTD'
      params.expiretm = String(Math.ceil(request.expiresAtMs / 1000))
    }
    if (request.type === 'stop-loss')
      params.stopLossPrice = toNumber(request.triggerPrice, 'triggerPrice')
    if (request.type === 'take-profit')
      params.takeProfitPrice = toNumber(request.triggerPrice, 'triggerPrice')
    const ccxtType = request.type === 'limit' ? 'limit' : 'market'
    const price = request.type === 'limit' ? toNumber(request.price, 'price') : undefined
    let acknowledgement: CcxtOrder
    try {
      acknowledgement = await this.exchange.createOrder(
        request.symbol,
        ccxtType,
        request.side,
        request.size.toNumber(),
        price,
        params,
      )
    } catch (error) {
      if (error instanceof BaseError) throw mapCcxtError(error, context)
      // ccxt 4.5 throws while parsing some acknowledgements it received (e.g. "take profit
      // … with 2:1 leverage"): Kraken accepted the order, so find it by our client id.
      this.options.logger.warn(
        { ...context, err: error },
        'ccxt could not read the acknowledgement',
      )
      const found = await this.fetchOrderByClientId(request.clientOrderId, request.symbol).catch(
        () => null,
      )
      if (found) return found
      throw new BrokerError('operational', 'UNREADABLE_ACKNOWLEDGEMENT', {
        isAmbiguous: true,
        context,
        cause: error,
      })
    }
    const placed = this.parseOrder(acknowledgement)
    try {
      // AddOrder's answer has no state; one query tells whether a market order already filled.
      return await this.fetchOrder(placed.externalId, request.symbol)
    } catch (error) {
      this.options.logger.warn(
        { ...context, externalId: placed.externalId, err: error },
        'state after placement unknown',
      )
      return { ...placed, clientOrderId: placed.clientOrderId ?? request.clientOrderId }
    }
  }

  async cancelOrder(externalId: string, symbol: string): Promise<void> {
    await this.call({ operation: 'cancelOrder', externalId, symbol }, () =>
      this.exchange.cancelOrder(externalId, symbol),
    )
  }

  async amendOrder(request: AmendOrderRequest): Promise<BrokerOrder> {
    const { externalId, symbol } = request
    // ccxt sends any of its trigger parameters as AmendOrder's `trigger_price`.
    const params =
      request.triggerPrice === undefined
        ? {}
        : { stopLossPrice: toNumber(request.triggerPrice, 'triggerPrice') }
    // Type and side are ccxt's signature only: AmendOrder changes neither.
    await this.call({ operation: 'amendOrder', externalId, symbol }, () =>
      this.exchange.editOrder(
        externalId,
        symbol,
        'market',
        'sell',
        request.size.toNumber(),
        undefined,
        params,
      ),
    )
    // AmendOrder answers with an amend id only: the order's state is one query away.
    return this.fetchOrder(externalId, symbol)
  }

  async fetchOrder(externalId: string, symbol: string): Promise<BrokerOrder> {
    const order = await this.call({ operation: 'fetchOrder', externalId, symbol }, () =>
      this.exchange.fetchOrder(externalId, symbol),
    )
    return this.parseOrder(order)
  }

  async fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<BrokerOrder | null> {
    const context = { operation: 'fetchOrderByClientId', clientOrderId, symbol }
    const params = { clientOrderId }
    const open = await this.call(context, () =>
      this.exchange.fetchOpenOrders(symbol, undefined, undefined, params),
    )
    const match = (orders: CcxtOrder[]) =>
      orders
        .map((order) => this.parseOrder(order))
        .find((order) => order.clientOrderId === clientOrderId)
    const found = match(open)
    if (found) return found
    const closed = await this.call(context, () =>
      this.exchange.fetchClosedOrders(symbol, undefined, undefined, params),
    )
    return match(closed) ?? null
  }

  async fetchOpenOrders(symbol?: string): Promise<BrokerOrder[]> {
    const orders = await this.call({ operation: 'fetchOpenOrders', symbol }, () =>
      this.exchange.fetchOpenOrders(symbol),
    )
    return this.parseOrders(orders)
  }

  async fetchClosedOrders(symbol?: string, sinceMs?: number): Promise<BrokerOrder[]> {
    const orders = await this.call({ operation: 'fetchClosedOrders', symbol }, () =>
      this.exchange.fetchClosedOrders(symbol, sinceMs),
    )
    return this.parseOrders(orders)
  }

  async fetchMyTrades(symbol?: string, sinceMs?: number): Promise<BrokerTrade[]> {
    const trades = await this.call({ operation: 'fetchMyTrades', symbol }, () =>
      this.exchange.fetchMyTrades(symbol, sinceMs),
    )
    return trades.map((trade) => parseKrakenTrade(trade))
  }

  async fetchBalances(): Promise<Record<string, BrokerBalance>> {
    const balance = await this.call({ operation: 'fetchBalances' }, () =>
      this.exchange.fetchBalance(),
    )
    return parseKrakenBalances(
      balance.info,
      (assetId) => this.exchange.safeCurrencyCode(assetId) ?? assetId,
    )
  }

  async close(): Promise<void> {
    await this.exchange.close()
  }

  private parseOrder(order: CcxtOrder): BrokerOrder {
    return parseKrakenOrder(order, this.options.clock.now())
  }

  /** Parses a list, skipping (and logging) orders of kinds we never send. */
  private parseOrders(orders: CcxtOrder[]): BrokerOrder[] {
    const parsed: BrokerOrder[] = []
    for (const order of orders) {
      try {
        parsed.push(this.parseOrder(order))
      } catch (error) {
        this.options.logger.warn(
          { externalId: order.id, err: error },
          'kraken order not understood; skipped',
        )
      }
    }
    return parsed
  }

  private async call<T>(
    context: Readonly<Record<string, string | number | undefined>>,
    operation: () => Promise<T>,
  ): Promise<T> {
    try {
      return await operation()
    } catch (error) {
      throw mapCcxtError(error, context)
    }
  }
}

function toNumber(value: Decimal | undefined, name: string): number {
  if (!value) throw new BrokerError('invalid-order', 'MISSING_PRICE', { context: { field: name } })
  // ccxt takes numbers and rounds them to the market's precision; decimal strings of prices
  // and volumes at Kraken's precisions survive the trip through a double.
  return value.toNumber()
}
