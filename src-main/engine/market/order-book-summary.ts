import Decimal from 'decimal.js'

/** One price level of a book: price and volume (base currency) as decimal strings. */
export interface OrderBookLevel {
  readonly price: string
  readonly volume: string
}

/** The levels of a book, best first on each side (bids highest first, asks lowest first). */
export interface OrderBookLevels {
  readonly bids: readonly OrderBookLevel[]
  readonly asks: readonly OrderBookLevel[]
}

/** The top of a symbol's order book, reduced to what a trader reads off it. */
export interface OrderBookSummary {
  readonly symbol: string
  /** When it was fetched (source clock, Unix ms). */
  readonly timestampMs: number
  readonly bestBid: string | null
  readonly bestAsk: string | null
  /** bestAsk − bestBid. */
  readonly spread: string | null
  /** The spread in percent of the mid price. */
  readonly spreadPct: number | null
  /** Volume of the bid levels summarised. */
  readonly bidVolume: string
  /** Volume of the ask levels summarised. */
  readonly askVolume: string
  /** (bidVolume − askVolume) / (bidVolume + askVolume): +1 only bids … −1 only asks. */
  readonly depthImbalance: number | null
  /** How many levels per side were summarised (at most the depth asked for). */
  readonly depth: number
}

/** Summarises the best `depth` levels of each side of a book. */
export function summarizeOrderBook(
  symbol: string,
  book: OrderBookLevels,
  depth: number,
  timestampMs: number,
): OrderBookSummary {
  const bids = book.bids.slice(0, depth)
  const asks = book.asks.slice(0, depth)
  const bidVolume = sumVolume(bids)
  const askVolume = sumVolume(asks)
  const bestBid = bids[0]?.price ?? null
  const bestAsk = asks[0]?.price ?? null
  let spread: Decimal | null = null
  let spreadPct: number | null = null
  if (bestBid !== null && bestAsk !== null) {
    const bid = new Decimal(bestBid)
    const ask = new Decimal(bestAsk)
    spread = ask.minus(bid)
    const mid = ask.plus(bid).div(2)
    spreadPct = mid.isZero() ? null : spread.div(mid).times(100).toNumber()
  }
  const total = bidVolume.plus(askVolume)
  return {
    symbol,
    timestampMs,
    bestBid,
    bestAsk,
    spread: spread === null ? null : spread.toFixed(),
    spreadPct,
    bidVolume: bidVolume.toFixed(),
    askVolume: askVolume.toFixed(),
    depthImbalance: total.isZero() ? null : bidVolume.minus(askVolume).div(total).toNumber(),
    depth: Math.max(bids.length, asks.length),
  }
}

function sumVolume(levels: readonly OrderBookLevel[]): Decimal {
  let sum = new Decimal(0)
  for (const level of levels) sum = sum.plus(level.volume)
  return sum
}
