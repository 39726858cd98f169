import Decimal from 'decimal.js'
import type { Logger } from '../logging/logger'
import type { Candle } from './candle'

/** A new latest price of a symbol (the shape of execution's `PriceTick`). */
export interface PriceUpdate {
  readonly symbol: string
  readonly price: Decimal
  /** When it was seen (source clock, Unix ms). */
  readonly timestampMs: number
}

/** Receives every new latest price of a symbol. */
export type PriceListener = (update: PriceUpdate) => void

/**
 * Read access to the latest price per symbol, for the parts that value positions and fill
 * paper orders (paper broker, position tracker, risk). It has the shape of execution's
 * `MarketPriceSource` (`latestPrice`, `onPrice`), so it can be handed over as one.
 */
export interface LatestPricesView {
  /** The latest price of a symbol, or null when none is known. */
  price(symbol: string): Decimal | null
  /** The same as `price` (execution's `MarketPriceSource` name). */
  latestPrice(symbol: string): Decimal | null
  /** When the latest price of a symbol was seen (source clock, Unix ms), or null. */
  updatedAtMs(symbol: string): number | null
  /** Calls `listener` with every new price; returns the function that removes it. */
  onPrice(listener: PriceListener): () => void
}

interface Entry {
  text: string
  timestampMs: number
  /** The candle the price is the close of; its Decimal is cached on it. */
  candle: Candle | null
  decimal: Decimal | null
}

/**
 * The latest price per symbol (the last tick, or the close of the latest candle when that is
 * newer). Updates never go back in time. Decimals are built only when read or when a
 * listener is registered, so replay pays nothing for prices nobody looks at.
 */
export class LatestPrices implements LatestPricesView {
  readonly #entries = new Map<string, Entry>()
  readonly #listeners = new Set<PriceListener>()
  readonly #logger: Logger

  constructor(logger: Logger) {
    this.#logger = logger
  }

  price(symbol: string): Decimal | null {
    const entry = this.#entries.get(symbol)
    if (entry === undefined) return null
    return (entry.decimal ??= entry.candle !== null ? entry.candle.close : new Decimal(entry.text))
  }

  latestPrice(symbol: string): Decimal | null {
    return this.price(symbol)
  }

  /** The latest price of a symbol as a decimal string, or null. */
  priceText(symbol: string): string | null {
    return this.#entries.get(symbol)?.text ?? null
  }

  updatedAtMs(symbol: string): number | null {
    return this.#entries.get(symbol)?.timestampMs ?? null
  }

  onPrice(listener: PriceListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /**
   * Records a price seen at `timestampMs` (a decimal string). Returns false, changing
   * nothing, when a newer price is already known.
   */
  update(symbol: string, priceText: string, timestampMs: number): boolean {
    return this.#set(symbol, priceText, timestampMs, null)
  }

  /** Records a candle's close as the price at its close time (open time + `durationMs`). */
  updateFromCandle(symbol: string, candle: Candle, durationMs: number): boolean {
    return this.#set(symbol, candle.closeText, candle.timestampMs + durationMs, candle)
  }

  #set(symbol: string, text: string, timestampMs: number, candle: Candle | null): boolean {
    let entry = this.#entries.get(symbol)
    if (entry === undefined) {
      entry = { text, timestampMs, candle, decimal: null }
      this.#entries.set(symbol, entry)
    } else {
      if (timestampMs < entry.timestampMs) return false
      entry.text = text
      entry.timestampMs = timestampMs
      entry.candle = candle
      entry.decimal = null
    }
    if (this.#listeners.size > 0) this.#notify(symbol, entry)
    return true
  }

  #notify(symbol: string, entry: Entry): void {
    const update: PriceUpdate = {
      symbol,
      price: this.price(symbol) as Decimal,
      timestampMs: entry.timestampMs,
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(update)
      } catch (error) {
        this.#logger.error({ err: error, symbol }, 'price listener failed')
      }
    }
  }
}
