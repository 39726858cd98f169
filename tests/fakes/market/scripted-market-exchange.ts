import {
  MarketExchangeError,
  type Candle,
  type ExchangeCandles,
  type MarketExchange,
  type OrderBookLevels,
  type PayloadRejection,
  type Tick,
} from '../../../src-main/engine/market'

interface Waiter<T> {
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

/**
 * A `MarketExchange` a test scripts: candles per symbol (open ones included), ticker prices,
 * failures queued per method, and streams the test feeds. Candle pages follow Kraken (the
 * newest `pageLimit` after `since`) or, with `pagination: 'oldest'`, the oldest ones.
 */
export class ScriptedMarketExchange implements MarketExchange {
  readonly name = 'scripted'
  pageLimit = 720
  canStream = true
  pagination: 'newest' | 'oldest' = 'newest'
  readonly candles = new Map<string, Candle[]>()
  readonly rejections = new Map<string, PayloadRejection[]>()
  readonly prices = new Map<string, string>()
  readonly calls: string[] = []
  readonly #failures = new Map<string, unknown[]>()
  readonly #candleWaiters = new Map<string, Waiter<ExchangeCandles>[]>()
  readonly #tickerWaiters = new Map<string, Waiter<Tick>[]>()
  closeError: unknown = null

  constructor(readonly now: () => number) {}

  /** Makes the next calls of `method` throw these errors, one per call. */
  fail(method: string, ...errors: unknown[]): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), ...errors])
  }

  async connect(): Promise<void> {
    this.#call('connect')
  }

  async fetchCandles(symbol: string, sinceMs: number): Promise<ExchangeCandles> {
    this.#call(`fetchCandles ${symbol} ${sinceMs}`, 'fetchCandles')
    const after = (this.candles.get(symbol) ?? []).filter((candle) => candle.timestampMs >= sinceMs)
    const page =
      this.pagination === 'newest' ? after.slice(-this.pageLimit) : after.slice(0, this.pageLimit)
    return { candles: page, rejections: this.rejections.get(symbol) ?? [] }
  }

  async fetchTickers(symbols: readonly string[]): Promise<Tick[]> {
    this.#call('fetchTickers')
    return symbols.flatMap((symbol) => {
      const last = this.prices.get(symbol)
      return last === undefined
        ? []
        : [{ symbol, timestampMs: this.now(), last, bid: null, ask: null }]
    })
  }

  async fetchOrderBook(symbol: string): Promise<OrderBookLevels> {
    this.#call(`fetchOrderBook ${symbol}`, 'fetchOrderBook')
    return { bids: [{ price: '1', volume: '2' }], asks: [{ price: '1.1', volume: '1' }] }
  }

  watchCandles(symbol: string): Promise<ExchangeCandles> {
    this.calls.push(`watchCandles ${symbol}`)
    return this.#wait(this.#candleWaiters, symbol, 'watchCandles')
  }

  watchTicker(symbol: string): Promise<Tick> {
    this.calls.push(`watchTicker ${symbol}`)
    return this.#wait(this.#tickerWaiters, symbol, 'watchTicker')
  }

  async close(): Promise<void> {
    this.calls.push('close')
    this.dropStreams(new MarketExchangeError('closed', 'closed by stop'))
    if (this.closeError !== null) throw this.closeError
  }

  /** How many watches wait for data. */
  get waitingWatches(): number {
    let count = 0
    for (const waiters of [...this.#candleWaiters.values(), ...this.#tickerWaiters.values()]) {
      count += waiters.length
    }
    return count
  }

  /** Resolves the waiting candle watch of a symbol. */
  streamCandles(symbol: string, candles: readonly Candle[]): void {
    const waiter = this.#candleWaiters.get(symbol)?.shift()
    if (waiter === undefined) throw new Error(`nobody watches candles: symbol=${symbol}`)
    waiter.resolve({ candles, rejections: [] })
  }

  /** Resolves the waiting ticker watch of a symbol. */
  streamTick(tick: Tick): void {
    const waiter = this.#tickerWaiters.get(tick.symbol)?.shift()
    if (waiter === undefined) throw new Error(`nobody watches the ticker: symbol=${tick.symbol}`)
    waiter.resolve(tick)
  }

  /** Rejects every waiting watch (a dropped socket). */
  dropStreams(error: unknown = new MarketExchangeError('temporary', 'socket closed')): void {
    for (const waiters of [...this.#candleWaiters.values(), ...this.#tickerWaiters.values()]) {
      for (const waiter of waiters.splice(0)) waiter.reject(error)
    }
  }

  #wait<T>(table: Map<string, Waiter<T>[]>, symbol: string, method: string): Promise<T> {
    const failure = this.#failures.get(method)?.shift()
    if (failure !== undefined) return Promise.reject(failure)
    return new Promise<T>((resolve, reject) => {
      table.set(symbol, [...(table.get(symbol) ?? []), { resolve, reject }])
    })
  }

  #call(entry: string, method = entry): void {
    this.calls.push(entry)
    const failure = this.#failures.get(method)?.shift()
    if (failure !== undefined) throw failure
  }
}
