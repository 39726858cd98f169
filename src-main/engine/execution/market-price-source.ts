import type Decimal from 'decimal.js'

/** The latest trade price of a symbol at a time. */
export interface PriceTick {
  readonly symbol: string
  readonly price: Decimal
  readonly timestampMs: number
}

/**
 * Current market prices, fed by the market-data part (live ticker, replay candles). The
 * paper broker fills against it; the order manager checks limit prices against it; the
 * position tracker marks positions with it.
 */
export interface MarketPriceSource {
  /** Returns the latest price of a symbol, or null before the first one arrives. */
  latestPrice(symbol: string): Decimal | null
  /** When the latest price of a symbol arrived (engine clock ms), or null before the first. */
  updatedAtMs(symbol: string): number | null
  /** Calls `listener` on every new price; returns the unsubscribe function. */
  onPrice(listener: (tick: PriceTick) => void): () => void
}

/** How old a symbol's latest price is at `nowMs`, or null before its first price. */
export function priceAgeMs(
  prices: Pick<MarketPriceSource, 'updatedAtMs'>,
  symbol: string,
  nowMs: number,
): number | null {
  const updatedAtMs = prices.updatedAtMs(symbol)
  return updatedAtMs === null ? null : nowMs - updatedAtMs
}

/** Whether a symbol's price is older than `maxAgeMs` at `nowMs` (false before its first). */
export function isPriceStale(
  prices: Pick<MarketPriceSource, 'updatedAtMs'>,
  symbol: string,
  nowMs: number,
  maxAgeMs: number,
): boolean {
  const age = priceAgeMs(prices, symbol, nowMs)
  return age !== null && age > maxAgeMs
}

/** Whether a symbol has a price at `nowMs` no older than `maxAgeMs` (false before its first). */
export function hasFreshPrice(
  prices: Pick<MarketPriceSource, 'updatedAtMs'>,
  symbol: string,
  nowMs: number,
  maxAgeMs: number,
): boolean {
  return prices.updatedAtMs(symbol) !== null && !isPriceStale(prices, symbol, nowMs, maxAgeMs)
}
