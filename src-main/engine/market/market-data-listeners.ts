import type { Logger } from '../logging/logger'
import type { Candle } from './candle'
import type { CandleRejection } from './candle-rejection'
import type {
  CandleGap,
  CandleOrigin,
  ConnectionStateChange,
  MarketDataListener,
  PayloadRejection,
  Tick,
} from './market-data-source'

/**
 * The listeners of one market data source: add/remove, and dispatch that contains a
 * throwing listener (logged, the others still called). Shared by the source implementations.
 */
export class MarketDataListeners {
  #listeners: MarketDataListener[] = []
  readonly #logger: Logger

  constructor(logger: Logger) {
    this.#logger = logger
  }

  /** Adds a listener; returns the function that removes it. */
  add(listener: MarketDataListener): () => void {
    this.#listeners = [...this.#listeners, listener]
    return () => {
      this.#listeners = this.#listeners.filter((each) => each !== listener)
    }
  }

  candle(symbol: string, candle: Candle, origin: CandleOrigin): void {
    // Copy-on-write array: a listener that unsubscribes during dispatch does not disturb it.
    const listeners = this.#listeners
    for (let index = 0; index < listeners.length; index++) {
      const listener = listeners[index] as MarketDataListener
      if (listener.onCandle === undefined) continue
      try {
        listener.onCandle(symbol, candle, origin)
      } catch (error) {
        this.#failed('onCandle', error, symbol)
      }
    }
  }

  tick(tick: Tick): void {
    const listeners = this.#listeners
    for (let index = 0; index < listeners.length; index++) {
      const listener = listeners[index] as MarketDataListener
      if (listener.onTick === undefined) continue
      try {
        listener.onTick(tick)
      } catch (error) {
        this.#failed('onTick', error, tick.symbol)
      }
    }
  }

  gap(gap: CandleGap): void {
    for (const listener of this.#listeners) {
      try {
        listener.onGap?.(gap)
      } catch (error) {
        this.#failed('onGap', error, gap.symbol)
      }
    }
  }

  connectionState(change: ConnectionStateChange): void {
    for (const listener of this.#listeners) {
      try {
        listener.onConnectionState?.(change)
      } catch (error) {
        this.#failed('onConnectionState', error, null)
      }
    }
  }

  rejected(symbol: string, rejection: CandleRejection | PayloadRejection): void {
    for (const listener of this.#listeners) {
      try {
        listener.onRejected?.(symbol, rejection)
      } catch (error) {
        this.#failed('onRejected', error, symbol)
      }
    }
  }

  #failed(handler: string, error: unknown, symbol: string | null): void {
    this.#logger.error({ err: error, handler, symbol }, 'market data listener failed')
  }
}
