import type Decimal from 'decimal.js'
import type { MarketPriceSource, PriceTick } from './market-price-source'

/**
 * A MarketPriceSource fed by hand: replay and tests call `setPrice`, and an adapter from
 * the market-data stream can do the same. Listeners run synchronously in subscription order;
 * a throwing listener does not stop the others.
 */
export class ManualPriceSource implements MarketPriceSource {
  private readonly prices = new Map<string, Decimal>()
  private readonly updatedAt = new Map<string, number>()
  private readonly listeners = new Set<(tick: PriceTick) => void>()

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  latestPrice(symbol: string): Decimal | null {
    return this.prices.get(symbol) ?? null
  }

  updatedAtMs(symbol: string): number | null {
    return this.updatedAt.get(symbol) ?? null
  }

  onPrice(listener: (tick: PriceTick) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Records a new price and tells every listener. */
  setPrice(symbol: string, price: Decimal, timestampMs: number): void {
    this.prices.set(symbol, price)
    this.updatedAt.set(symbol, timestampMs)
    const tick: PriceTick = { symbol, price, timestampMs }
    for (const listener of [...this.listeners]) {
      try {
        listener(tick)
      } catch (error) {
        this.onListenerError(error)
      }
    }
  }
}
