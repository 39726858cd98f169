import type { Logger } from '../../../src-main/engine/logging/logger'
import {
  MarketDataListeners,
  type Candle,
  type CandleGap,
  type CandleOrigin,
  type ConnectionState,
  type MarketDataListener,
  type MarketDataSource,
  type MarketSourceStartOptions,
  type OrderBookSummary,
  type PayloadRejection,
  type Tick,
} from '../../../src-main/engine/market'

/**
 * A market data source a test drives by hand: it records how it was started and emits what
 * the test tells it to. `orderBook` answers `fetchOrderBook` (a function may throw).
 */
export class ManualMarketSource implements MarketDataSource {
  readonly symbols: readonly string[]
  connectionState: ConnectionState = 'idle'
  readonly starts: MarketSourceStartOptions[] = []
  stops = 0
  orderBook: (symbol: string, depth: number) => OrderBookSummary | null = () => null
  readonly #listeners: MarketDataListeners
  readonly #ticks = new Map<string, Tick>()

  constructor(symbols: readonly string[], logger: Logger) {
    this.symbols = symbols
    this.#listeners = new MarketDataListeners(logger)
  }

  subscribe(listener: MarketDataListener): () => void {
    return this.#listeners.add(listener)
  }

  async start(options: MarketSourceStartOptions = {}): Promise<void> {
    this.starts.push(options)
    this.connectionState = 'connected'
  }

  async stop(): Promise<void> {
    this.stops++
    this.connectionState = 'stopped'
  }

  latestTick(symbol: string): Tick | null {
    return this.#ticks.get(symbol) ?? null
  }

  async fetchOrderBook(symbol: string, depth: number): Promise<OrderBookSummary | null> {
    return this.orderBook(symbol, depth)
  }

  candle(symbol: string, candle: Candle, origin: CandleOrigin = 'live'): void {
    this.#listeners.candle(symbol, candle, origin)
  }

  tick(tick: Tick): void {
    this.#ticks.set(tick.symbol, tick)
    this.#listeners.tick(tick)
  }

  gap(gap: CandleGap): void {
    this.#listeners.gap(gap)
  }

  state(state: ConnectionState, reason: string | null = null): void {
    const previous = this.connectionState
    this.connectionState = state
    this.#listeners.connectionState({ state, previous, reason })
  }

  rejected(symbol: string, rejection: PayloadRejection): void {
    this.#listeners.rejected(symbol, rejection)
  }
}
