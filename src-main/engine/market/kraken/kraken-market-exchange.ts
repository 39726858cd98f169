import { pro, type ConstructorArgs } from 'ccxt'
import type { Clock } from '../../clock'
import type { Logger } from '../../logging/logger'
import type { Tick } from '../market-data-source'
import { MarketExchangeError, type ExchangeCandles, type MarketExchange } from '../market-exchange'
import type { OrderBookLevels } from '../order-book-summary'
import { toMarketExchangeError } from './ccxt-errors'
import {
  parseDepthResponse,
  parseOhlcResponse,
  parseStreamedCandles,
  parseStreamedTicker,
  parseTickerResponse,
  type PayloadContext,
} from './kraken-payloads'

/** What the Kraken market data adapter is built from. */
export interface KrakenMarketExchangeOptions {
  readonly clock: Clock
  readonly logger: Logger
  /** REST base URL instead of Kraken's (`urls.api.public`; tests: the simulator's URL). */
  readonly restUrl?: string
  /** Websocket v2 URL instead of Kraken's (`urls.api.ws.publicV2`). */
  readonly websocketUrl?: string
  /** ccxt's rate limiter (Kraken's public API allows about one call a second). Default true. */
  readonly enableRateLimit?: boolean
  /** Per-request timeout, ms. Default 10,000. */
  readonly timeoutMs?: number
  /** Whether the websocket may be used at all. Default true. */
  readonly canStream?: boolean
}

/** Kraken answers at most this many candles, the newest ones (reference §1.6). */
const KRAKEN_OHLC_LIMIT = 720
const ONE_MINUTE_INTERVAL = 1

interface PairInfo extends PayloadContext {
  readonly wsName: string | undefined
}

/**
 * The `MarketExchange` port over ccxt's `kraken` (the pro class: REST and websocket v2 in
 * one client). REST calls go through ccxt's implicit API (`publicGetOHLC`, `publicGetTicker`,
 * `publicGetDepth`) so prices keep Kraken's exact decimal strings; ccxt still builds the
 * requests, rate-limits and maps Kraken's error strings. The websocket goes through
 * `watchOHLCV` / `watchTicker`. Every answer is validated (kraken-payloads.ts) and every
 * failure becomes a `MarketExchangeError`; no ccxt type leaves this folder.
 */
export class KrakenMarketExchange implements MarketExchange {
  readonly name = 'kraken'
  readonly pageLimit = KRAKEN_OHLC_LIMIT
  readonly canStream: boolean
  readonly #client: InstanceType<typeof pro.kraken>
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #websocketUrl: string | undefined
  readonly #pairs = new Map<string, PairInfo>()

  constructor(options: KrakenMarketExchangeOptions) {
    this.#clock = options.clock
    this.#logger = options.logger
    this.#websocketUrl = options.websocketUrl
    this.canStream = options.canStream ?? true
    const api: Record<string, unknown> = {}
    if (options.restUrl !== undefined) api.public = options.restUrl
    if (options.websocketUrl !== undefined) api.ws = { publicV2: options.websocketUrl }
    const config: ConstructorArgs = {
      enableRateLimit: options.enableRateLimit ?? true,
      timeout: options.timeoutMs ?? 10_000,
      ...(Object.keys(api).length > 0 ? { urls: { api } } : {}),
    }
    this.#client = new pro.kraken(config)
  }

  async connect(): Promise<void> {
    try {
      // ccxt refuses plain ws:// URLs (local fakes) until its proxy agent module is loaded.
      if (this.#websocketUrl?.startsWith('ws://') === true) await this.#client.loadHttpProxyAgent()
      // Reload: ccxt keeps a failed load's promise and would hand it back on every retry.
      await this.#client.loadMarkets(true)
    } catch (error) {
      throw toMarketExchangeError(error, { operation: 'loadMarkets' })
    }
    this.#pairs.clear()
    this.#logger.debug({ markets: this.#client.symbols.length }, 'kraken markets loaded')
  }

  async fetchCandles(symbol: string, sinceMs: number): Promise<ExchangeCandles> {
    const pair = this.#pair(symbol)
    let response: unknown
    try {
      // Kraken returns candles opened after `since` (seconds): ask from one minute before.
      response = await this.#client.publicGetOHLC({
        pair: pair.pairId,
        interval: ONE_MINUTE_INTERVAL,
        since: Math.floor(sinceMs / 1000) - 60,
      })
    } catch (error) {
      throw toMarketExchangeError(error, { operation: 'fetchCandles', symbol })
    }
    const answer = parseOhlcResponse(response, pair)
    return {
      candles: answer.candles.filter((candle) => candle.timestampMs >= sinceMs),
      rejections: answer.rejections,
    }
  }

  async fetchTickers(symbols: readonly string[]): Promise<Tick[]> {
    const pairs = symbols.map((symbol) => this.#pair(symbol))
    let response: unknown
    try {
      response = await this.#client.publicGetTicker({
        pair: pairs.map((pair) => pair.pairId).join(','),
      })
    } catch (error) {
      throw toMarketExchangeError(error, { operation: 'fetchTickers' })
    }
    const { ticks, rejections } = parseTickerResponse(response, pairs, this.#clock.now())
    for (const { symbol, rejection } of rejections) {
      this.#logger.warn({ symbol, reason: rejection.message }, 'kraken ticker refused')
    }
    return ticks
  }

  async fetchOrderBook(symbol: string, depth: number): Promise<OrderBookLevels> {
    const pair = this.#pair(symbol)
    let response: unknown
    try {
      response = await this.#client.publicGetDepth({ pair: pair.pairId, count: depth })
    } catch (error) {
      throw toMarketExchangeError(error, { operation: 'fetchOrderBook', symbol })
    }
    return parseDepthResponse(response, pair, pair.wsName)
  }

  async watchCandles(symbol: string): Promise<ExchangeCandles> {
    let rows: unknown
    try {
      rows = await this.#client.watchOHLCV(symbol, '1m')
    } catch (error) {
      throw toMarketExchangeError(error, { operation: 'watchCandles', symbol })
    }
    return parseStreamedCandles(rows, symbol)
  }

  async watchTicker(symbol: string): Promise<Tick> {
    let ticker: unknown
    try {
      ticker = await this.#client.watchTicker(symbol)
    } catch (error) {
      throw toMarketExchangeError(error, { operation: 'watchTicker', symbol })
    }
    return parseStreamedTicker(ticker, symbol, this.#clock.now())
  }

  async close(): Promise<void> {
    try {
      await this.#client.close()
    } catch (error) {
      throw toMarketExchangeError(error, { operation: 'close' })
    }
  }

  /** The Kraken pair id and websocket name of a ccxt symbol (markets must be loaded). */
  #pair(symbol: string): PairInfo {
    const known = this.#pairs.get(symbol)
    if (known !== undefined) return known
    let market: { id: string; info: unknown }
    try {
      market = this.#client.market(symbol) as { id: string; info: unknown }
    } catch (error) {
      throw new MarketExchangeError(
        this.#client.markets === undefined ? 'temporary' : 'rejected',
        `unknown market: symbol=${symbol}`,
        { cause: error },
      )
    }
    const info = market.info as { wsname?: unknown } | undefined
    const pair: PairInfo = {
      symbol,
      pairId: market.id,
      wsName: typeof info?.wsname === 'string' ? info.wsname : undefined,
    }
    this.#pairs.set(symbol, pair)
    return pair
  }
}
