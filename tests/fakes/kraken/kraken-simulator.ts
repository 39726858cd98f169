import { type Clock, SystemClock } from '../../../src-main/engine/clock'
import { type ApiCredentials, Authenticator } from './authenticator'
import { Balances } from './balances'
import { CandleStore, type SimCandle } from './candle-store'
import type { SystemStatus } from './endpoint'
import { FaultInjector } from './fault-injector'
import { type ListeningAddress, KrakenHttpServer } from './http-server'
import { IdGenerator } from './id-generator'
import { MarginPositions } from './margin-positions'
import { MarketData } from './market-data'
import { MatchingEngine } from './matching-engine'
import { Dec, isDecimalText } from './numbers'
import type { SimOrder, SimTrade } from './order-model'
import { type FeeSchedule, PairCatalogue } from './pair-catalogue'
import { privateEndpoints } from './private-endpoints'
import { publicEndpoints } from './public-endpoints'
import { RequestLog, type RequestLogEntry } from './request-log'
import { KrakenRouter } from './router'

/** The API key every simulator accepts unless told otherwise (the secret is valid base64). */
export const DEFAULT_CREDENTIALS: ApiCredentials = {
  apiKey: 'triplegain-simulator-key',
  secret: Buffer.from('triplegain kraken simulator secret, for tests only, 64 bytes long').toString(
    'base64',
  ),
}

/** Kraken's starter-tier fees, in percent. */
export const DEFAULT_FEES: FeeSchedule = { takerPercent: '0.26', makerPercent: '0.16' }

export interface KrakenSimulatorOptions {
  /** Accepted API keys; defaults to {@link DEFAULT_CREDENTIALS}. */
  readonly credentials?: readonly ApiCredentials[]
  /** Source of order, trade and server times; defaults to the system clock. */
  readonly clock?: Clock
  readonly fees?: FeeSchedule
}

/** An order as tests see it: decimals as strings, the pair as a ccxt symbol. */
export interface OrderSnapshot {
  readonly txid: string
  readonly symbol: string
  readonly side: string
  readonly type: string
  readonly status: string
  readonly volume: string
  readonly filled: string
  readonly price?: string
  readonly price2?: string
  readonly cost: string
  readonly fee: string
  readonly userref?: number
  readonly clientOrderId?: string
  readonly leverage?: number
  readonly reason?: string
  readonly refid?: string
  readonly tradeIds: readonly string[]
}

/** A fill as tests see it. */
export interface TradeSnapshot {
  readonly id: string
  readonly orderTxid: string
  readonly symbol: string
  readonly side: string
  readonly price: string
  readonly volume: string
  readonly cost: string
  readonly fee: string
  readonly isMaker: boolean
}

/** An asset's balance as tests see it. */
export interface BalanceSnapshot {
  readonly total: string
  readonly held: string
  readonly free: string
}

/**
 * A local Kraken: an HTTP server speaking Kraken's spot REST protocol for the real ccxt
 * `kraken` client, with a matching engine behind it and a control surface for tests —
 * prices, books, candles, balances, faults — plus inspection of orders, trades, balances
 * and the requests it received.
 *
 * ```ts
 * const sim = new KrakenSimulator()
 * const { url } = await sim.start()
 * const exchange = new ccxt.kraken({ ...DEFAULT_CREDENTIALS, urls: { api: { public: url, private: url } } })
 * ```
 */
export class KrakenSimulator {
  /** Arms faults for upcoming requests and fills. */
  readonly faults = new FaultInjector()
  readonly catalogue = new PairCatalogue()
  readonly credentials: ApiCredentials

  private readonly clock: Clock
  private readonly ids = new IdGenerator()
  private readonly balances = new Balances()
  private readonly market = new MarketData()
  private readonly candles = new CandleStore()
  private readonly margin = new MarginPositions(() => this.ids.positionId())
  private readonly log = new RequestLog()
  private readonly authenticator: Authenticator
  private readonly engine: MatchingEngine
  private readonly server: KrakenHttpServer
  private fees: FeeSchedule
  private status: SystemStatus = 'online'
  private address: ListeningAddress | undefined

  constructor(options: KrakenSimulatorOptions = {}) {
    const credentials = options.credentials ?? [DEFAULT_CREDENTIALS]
    const [first] = credentials
    if (!first) throw new Error('simulator needs at least one API key')
    this.credentials = first
    this.clock = options.clock ?? new SystemClock()
    this.fees = options.fees ?? DEFAULT_FEES
    this.authenticator = new Authenticator(credentials)
    const fees = () => this.fees
    const systemStatus = () => this.status
    this.engine = new MatchingEngine({
      balances: this.balances,
      margin: this.margin,
      market: this.market,
      faults: this.faults,
      ids: this.ids,
      clock: this.clock,
      fees,
    })
    const shared = {
      catalogue: this.catalogue,
      market: this.market,
      engine: this.engine,
      clock: this.clock,
      systemStatus,
    }
    const router = new KrakenRouter(
      {
        public: publicEndpoints({ ...shared, candles: this.candles, fees }),
        private: privateEndpoints({
          ...shared,
          balances: this.balances,
          margin: this.margin,
          ids: this.ids,
        }),
      },
      this.authenticator,
      { beforeEach: () => this.engine.expire(), systemStatus },
    )
    this.server = new KrakenHttpServer({
      router,
      faults: this.faults,
      log: this.log,
      clock: this.clock,
    })
  }

  /** Starts the HTTP server on a free port of 127.0.0.1. */
  async start(): Promise<ListeningAddress> {
    this.address = await this.server.start()
    return this.address
  }

  /** Stops the server and drops open connections. */
  async stop(): Promise<void> {
    await this.server.stop()
    this.address = undefined
  }

  /** Returns the base URL; throws when the simulator is not started. */
  get url(): string {
    if (!this.address) throw new Error('simulator is not started')
    return this.address.url
  }

  // ---- market control -------------------------------------------------------------

  /**
   * Sets a pair's mark price (pair by id, altname or ccxt symbol; price as a decimal
   * string within the pair's precision), then fills, triggers and expires orders it affects.
   */
  setPrice(pair: string, price: string): void {
    const spec = this.catalogue.pair(pair)
    const value = decimal(price, `price pair=${pair}`)
    if (value.decimalPlaces() > spec.pairDecimals || value.lte(0)) {
      throw new Error(
        `price outside the pair's precision: pair=${spec.id} price=${price} decimals=${spec.pairDecimals}`,
      )
    }
    this.market.setPrice(spec, value)
    this.engine.onPriceChange(spec)
  }

  /** Gives a pair an explicit book ([price, volume] levels) that market orders walk and consume. */
  setOrderBook(
    pair: string,
    book: { bids: Array<[string, string]>; asks: Array<[string, string]> },
  ): void {
    const level = ([price, volume]: [string, string]) => ({
      price: decimal(price, 'book price'),
      volume: decimal(volume, 'book volume'),
    })
    this.market.setBook(this.catalogue.pair(pair), {
      bids: book.bids.map(level),
      asks: book.asks.map(level),
    })
  }

  /** Removes a pair's explicit book: unlimited liquidity at the mark again. */
  clearOrderBook(pair: string): void {
    this.market.clearBook(this.catalogue.pair(pair))
  }

  /** Loads a pair's candles (open times in Unix ms) at `intervalMinutes`; OHLC serves them and multiples. */
  setCandles(pair: string, candles: readonly SimCandle[], intervalMinutes = 1): void {
    this.candles.set(this.catalogue.pair(pair), candles, intervalMinutes)
  }

  /** Sets what SystemStatus reports; maintenance, cancel_only and post_only also restrict trading. */
  setSystemStatus(status: SystemStatus): void {
    this.status = status
  }

  /** Changes the fees charged and published in AssetPairs. */
  setFees(fees: FeeSchedule): void {
    this.fees = fees
  }

  // ---- account control ------------------------------------------------------------

  /** Sets an asset's total (asset by Kraken id, altname or ccxt code). */
  setBalance(asset: string, amount: string): void {
    this.balances.set(this.catalogue.asset(asset), decimal(amount, `balance asset=${asset}`))
  }

  /** Fills what is left of a partly filled order; see {@link MatchingEngine.fillRemaining}. */
  fillRemaining(txid: string, price?: string): void {
    const isFilled = this.engine.fillRemaining(
      txid,
      price === undefined ? undefined : decimal(price, 'fill price'),
    )
    if (!isFilled) throw new Error(`no open order to fill: txid=${txid}`)
  }

  // ---- inspection -----------------------------------------------------------------

  /** Returns every order, oldest first. */
  orders(): OrderSnapshot[] {
    return this.engine.allOrders().map(orderSnapshot)
  }

  /** Returns one order, or undefined. */
  order(txid: string): OrderSnapshot | undefined {
    const order = this.engine.order(txid)
    return order ? orderSnapshot(order) : undefined
  }

  /** Returns the open orders, oldest first. */
  openOrders(): OrderSnapshot[] {
    return this.engine.openOrders().map(orderSnapshot)
  }

  /** Returns every fill, oldest first. */
  trades(): TradeSnapshot[] {
    return this.engine.allTrades().map(tradeSnapshot)
  }

  /** Returns an asset's total, the part held by open orders and margin, and the rest. */
  balance(asset: string): BalanceSnapshot {
    const spec = this.catalogue.asset(asset)
    return {
      total: this.balances.total(spec).toString(),
      held: this.engine.held(spec).toString(),
      free: this.engine.free(spec).toString(),
    }
  }

  /** Returns the margin positions: symbol, side, volume, cost and margin. */
  positions(): Array<{
    symbol: string
    side: string
    volume: string
    cost: string
    margin: string
  }> {
    return this.margin.all().map((position) => ({
      symbol: position.pair.symbol,
      side: position.side,
      volume: position.volume.toString(),
      cost: position.cost.toString(),
      margin: position.margin.toString(),
    }))
  }

  /** Returns the requests received, optionally to one Kraken method ("AddOrder"). */
  requests(method?: string): RequestLogEntry[] {
    return this.log.list(method)
  }

  /** Returns to a fresh state: no orders, trades, balances, prices, candles, faults, log or nonces. */
  reset(): void {
    this.engine.reset()
    this.balances.clear()
    this.margin.clear()
    this.market.reset()
    this.candles.clear()
    this.faults.clear()
    this.log.clear()
    this.ids.reset()
    this.authenticator.reset()
    this.status = 'online'
  }
}

function decimal(text: string, what: string): Dec {
  if (!isDecimalText(text)) throw new Error(`not a decimal: ${what} value=${text}`)
  return new Dec(text)
}

function orderSnapshot(order: SimOrder): OrderSnapshot {
  return {
    txid: order.txid,
    symbol: order.pair.symbol,
    side: order.side,
    type: order.type,
    status: order.status,
    volume: order.volume.toString(),
    filled: order.filled.toString(),
    ...(order.price ? { price: order.price.toString() } : {}),
    ...(order.price2 ? { price2: order.price2.toString() } : {}),
    cost: order.cost.toString(),
    fee: order.fee.toString(),
    ...(order.userref === undefined ? {} : { userref: order.userref }),
    ...(order.clientOrderId === undefined ? {} : { clientOrderId: order.clientOrderId }),
    ...(order.leverage === undefined ? {} : { leverage: order.leverage }),
    ...(order.reason === undefined ? {} : { reason: order.reason }),
    ...(order.refid === undefined ? {} : { refid: order.refid }),
    tradeIds: [...order.tradeIds],
  }
}

function tradeSnapshot(trade: SimTrade): TradeSnapshot {
  return {
    id: trade.id,
    orderTxid: trade.orderTxid,
    symbol: trade.pair.symbol,
    side: trade.side,
    price: trade.price.toString(),
    volume: trade.volume.toString(),
    cost: trade.cost.toString(),
    fee: trade.fee.toString(),
    isMaker: trade.isMaker,
  }
}
