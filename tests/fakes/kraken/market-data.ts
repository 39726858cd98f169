import { Dec, fixed } from './numbers'
import type { OrderSide } from './order-model'
import type { PairSpec } from './pair-catalogue'

/** One price level of an order book. */
export interface BookLevel {
  readonly price: Dec
  readonly volume: Dec
}

/** A book set by a test: bids best (highest) first, asks best (lowest) first. */
export interface BookSnapshot {
  readonly bids: BookLevel[]
  readonly asks: BookLevel[]
}

/** Liquidity taken from the market: a price and the volume filled there. */
export interface Execution {
  readonly price: Dec
  readonly volume: Dec
}

interface PairStats {
  open: Dec
  high: Dec
  low: Dec
  volume: Dec
  notional: Dec
  tradeCount: number
  lastVolume: Dec
}

const SYNTHETIC_LEVEL_VOLUME = new Dec(1)

/**
 * Mark prices, explicit order books and ticker statistics per pair. Without an explicit
 * book a pair has unlimited liquidity at its mark price and a synthetic book one tick
 * apart around it; with one, market orders walk and consume its levels.
 */
export class MarketData {
  private readonly marks = new Map<string, Dec>()
  private readonly books = new Map<string, BookSnapshot>()
  private readonly stats = new Map<string, PairStats>()

  /** Sets the mark price of a pair and updates its daily high, low and open. */
  setPrice(pair: PairSpec, price: Dec): void {
    this.marks.set(pair.id, price)
    const stats = this.stats.get(pair.id)
    if (!stats) {
      this.stats.set(pair.id, {
        open: price,
        high: price,
        low: price,
        volume: new Dec(0),
        notional: new Dec(0),
        tradeCount: 0,
        lastVolume: new Dec(0),
      })
      return
    }
    stats.high = Dec.max(stats.high, price)
    stats.low = Dec.min(stats.low, price)
  }

  /** Returns the mark price of a pair, if one was set. */
  price(pair: PairSpec): Dec | undefined {
    return this.marks.get(pair.id)
  }

  /** Returns the mark price of a pair; a missing price is a mistake in the test setup. */
  requirePrice(pair: PairSpec): Dec {
    const price = this.marks.get(pair.id)
    if (!price) {
      throw new Error(`simulator has no mark price: pair=${pair.id} (call setPrice first)`)
    }
    return price
  }

  /** Replaces the explicit book of a pair; market orders will walk it. */
  setBook(pair: PairSpec, book: BookSnapshot): void {
    this.books.set(pair.id, {
      bids: [...book.bids].sort((a, b) => b.price.comparedTo(a.price)),
      asks: [...book.asks].sort((a, b) => a.price.comparedTo(b.price)),
    })
  }

  /** Drops the explicit book of a pair, back to unlimited liquidity at the mark. */
  clearBook(pair: PairSpec): void {
    this.books.delete(pair.id)
  }

  /** Returns whether a test gave this pair an explicit book. */
  hasBook(pair: PairSpec): boolean {
    return this.books.has(pair.id)
  }

  /** Returns up to `count` levels per side: the explicit book, or a synthetic one around the mark. */
  book(pair: PairSpec, count: number): BookSnapshot {
    const explicit = this.books.get(pair.id)
    if (explicit) {
      return { bids: explicit.bids.slice(0, count), asks: explicit.asks.slice(0, count) }
    }
    const mark = this.marks.get(pair.id)
    if (!mark) return { bids: [], asks: [] }
    const tick = new Dec(pair.tickSize)
    const levels = Array.from({ length: count }, (_, index) => tick.times(index + 1))
    return {
      bids: levels
        .map((offset) => mark.minus(offset))
        .filter((price) => price.gt(0))
        .map(syntheticLevel),
      asks: levels.map((offset) => mark.plus(offset)).map(syntheticLevel),
    }
  }

  /**
   * Takes up to `volume` of liquidity for an order on `side`, no worse than `limit`.
   * From an explicit book this consumes levels; otherwise it fills at the mark when the
   * mark is within the limit.
   */
  take(pair: PairSpec, side: OrderSide, volume: Dec, limit?: Dec): Execution[] {
    const isAcceptable = (price: Dec) =>
      !limit || (side === 'buy' ? price.lte(limit) : price.gte(limit))
    const book = this.books.get(pair.id)
    if (!book) {
      const mark = this.requirePrice(pair)
      return isAcceptable(mark) ? [{ price: mark, volume }] : []
    }
    const levels = side === 'buy' ? book.asks : book.bids
    const executions: Execution[] = []
    let wanted = volume
    while (wanted.gt(0) && levels.length > 0) {
      const level = levels[0]
      if (!level || !isAcceptable(level.price)) break
      const taken = Dec.min(wanted, level.volume)
      executions.push({ price: level.price, volume: taken })
      wanted = wanted.minus(taken)
      if (taken.eq(level.volume)) levels.shift()
      else levels[0] = { price: level.price, volume: level.volume.minus(taken) }
    }
    return executions
  }

  /** Counts a fill in the pair's daily volume and VWAP. */
  recordTrade(pair: PairSpec, price: Dec, volume: Dec): void {
    const stats = this.stats.get(pair.id)
    if (!stats) return
    stats.volume = stats.volume.plus(volume)
    stats.notional = stats.notional.plus(price.times(volume))
    stats.tradeCount += 1
    stats.lastVolume = volume
  }

  /** Returns the /0/public/Ticker entry of a pair, or undefined when it has no price yet. */
  tickerEntry(pair: PairSpec): Record<string, unknown> | undefined {
    const mark = this.marks.get(pair.id)
    const stats = this.stats.get(pair.id)
    if (!mark || !stats) return undefined
    const top = this.book(pair, 1)
    const bid = top.bids[0] ?? { price: mark, volume: new Dec(0) }
    const ask = top.asks[0] ?? { price: mark, volume: new Dec(0) }
    const p = (value: Dec) => fixed(value, pair.pairDecimals + 4)
    const v = (value: Dec) => fixed(value, pair.lotDecimals)
    const vwap = stats.volume.isZero() ? mark : stats.notional.div(stats.volume)
    const wholeLots = (level: BookLevel) => level.volume.floor().toString()
    return {
      a: [p(ask.price), wholeLots(ask), v(ask.volume)],
      b: [p(bid.price), wholeLots(bid), v(bid.volume)],
      c: [p(mark), v(stats.lastVolume)],
      v: [v(stats.volume), v(stats.volume)],
      p: [p(vwap), p(vwap)],
      t: [stats.tradeCount, stats.tradeCount],
      l: [p(stats.low), p(stats.low)],
      h: [p(stats.high), p(stats.high)],
      o: p(stats.open),
    }
  }

  /** Forgets every price, book and statistic. */
  reset(): void {
    this.marks.clear()
    this.books.clear()
    this.stats.clear()
  }
}

function syntheticLevel(price: Dec): BookLevel {
  return { price, volume: SYNTHETIC_LEVEL_VOLUME }
}
