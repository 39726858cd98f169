import type { Clock } from '../clock'
import type { Logger } from '../logging/logger'
import type { Candle } from './candle'
import type { MarketStateReader } from './candle-ingest-service'
import { flattenIndicators } from './flat-indicators'
import type { SymbolMarketView } from './symbol-market-state'
import type { MarketDataSource } from './market-data-source'
import {
  type MarketSnapshot,
  type MarketSnapshotsResult,
  type SnapshotFailure,
  type SnapshotResult,
  type TimeframeSnapshot,
} from './market-snapshot'
import type { OrderBookSummary } from './order-book-summary'
import { snapshotCandleWindow, type SnapshotCandleWindow } from './snapshot-candle-window'
import { timeframeMs, type Timeframe } from './timeframe'

/** Snapshot settings (config/market.yaml `market.snapshot`). */
export interface SnapshotSettings {
  /** Closed candles per timeframe in a snapshot. */
  readonly candlesPerTimeframe: number
  /** Data older than this is reported stale. */
  readonly maxDataAgeMs: number
  /** `buildAll` fails when more than this share of the symbols failed. */
  readonly maxFailureRatio: number
  /** Order-book levels per side to summarise. */
  readonly orderBookDepth: number
}

/** What the snapshot builder is built from. */
export interface MarketSnapshotBuilderOptions {
  /** The market state (the candle ingest service). */
  readonly state: MarketStateReader
  /** Where order books come from; none when null or omitted. */
  readonly source?: Pick<MarketDataSource, 'fetchOrderBook'> | null
  readonly clock: Clock
  readonly logger: Logger
  readonly settings: SnapshotSettings
}

/** The part of a timeframe's snapshot that only a newly closed candle changes. */
type ClosedPart = Omit<TimeframeSnapshot, 'isStale'>

const MINUTE_MS = timeframeMs('1m')
const DAY_MS = timeframeMs('1d')
/** How far the reference candle of the 24 h change may lie before the exact moment. */
const CHANGE_REFERENCE_TOLERANCE_MS = timeframeMs('1h')

/**
 * Builds market snapshots from the ingest service's state: per symbol the latest price,
 * 24 h change, flat indicator values and the newest candles of every timeframe, the order
 * book when the source has one, the data age, and which parts are stale or missing.
 */
export class MarketSnapshotBuilder {
  readonly #state: MarketStateReader
  readonly #source: Pick<MarketDataSource, 'fetchOrderBook'> | null
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #settings: SnapshotSettings
  readonly #closedParts = new Map<
    string,
    { lastCandleMs: number; historyLength: number; part: ClosedPart; window: SnapshotCandleWindow }
  >()

  constructor(options: MarketSnapshotBuilderOptions) {
    this.#state = options.state
    this.#source = options.source ?? null
    this.#clock = options.clock
    this.#logger = options.logger
    this.#settings = options.settings
  }

  /** Builds the snapshot of one symbol, or says why it cannot. Never throws. */
  async build(symbol: string): Promise<SnapshotResult> {
    try {
      return await this.#build(symbol)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return failure(symbol, 'BUILD_FAILED', { error: JSON.stringify(message) })
    }
  }

  /**
   * Builds the snapshots of several symbols (default: every ingested one) concurrently.
   * The result is an error when more than `maxFailureRatio` of them failed.
   */
  async buildAll(symbols: readonly string[] = this.#state.symbols): Promise<MarketSnapshotsResult> {
    const results = await Promise.all(symbols.map((symbol) => this.build(symbol)))
    const snapshots: MarketSnapshot[] = []
    const failures: SnapshotFailure[] = []
    for (const result of results) {
      if (result.ok) snapshots.push(result.snapshot)
      else failures.push(result.failure)
    }
    for (const each of failures) {
      this.#logger.warn({ symbol: each.symbol, reason: each.message }, 'snapshot failed')
    }
    const total = results.length
    const ratio = total === 0 ? 1 : failures.length / total
    if (ratio > this.#settings.maxFailureRatio) {
      const message = `TOO_MANY_FAILURES: failed=${failures.length} total=${total} max_ratio=${this.#settings.maxFailureRatio}`
      this.#logger.error({ failed: failures.length, total }, message)
      return { ok: false, code: 'TOO_MANY_FAILURES', message, snapshots, failures }
    }
    return { ok: true, snapshots, failures }
  }

  async #build(symbol: string): Promise<SnapshotResult> {
    const view = this.#state.symbolState(symbol)
    if (view === null) return failure(symbol, 'UNKNOWN_SYMBOL', {})
    const prices = this.#state.latestPrices
    const priceText = prices.priceText(symbol)
    const priceAtMs = prices.updatedAtMs(symbol)
    const lastMinute = view.lastCandle('1m')
    if (priceText === null || priceAtMs === null || lastMinute === null) {
      return failure(symbol, 'NO_DATA', {
        has_price: priceText !== null,
        has_candles: lastMinute !== null,
      })
    }
    const now = this.#clock.now()
    const maxAgeMs = this.#settings.maxDataAgeMs
    const staleParts: string[] = []
    if (now - priceAtMs > maxAgeMs) staleParts.push('price')

    const timeframes: Record<string, TimeframeSnapshot> = {}
    const missingTimeframes: Timeframe[] = []
    for (const timeframe of view.timeframes) {
      const closed = this.#closedPart(symbol, timeframe, view)
      if (closed === null) {
        missingTimeframes.push(timeframe)
        continue
      }
      // Stale when the next candle is overdue: it should have closed one timeframe after
      // this one did, i.e. at open + 2 × timeframe.
      const isStale = now - (closed.lastCandleMs + 2 * timeframeMs(timeframe)) > maxAgeMs
      if (isStale) staleParts.push(timeframe)
      timeframes[timeframe] = { ...closed, isStale }
    }

    const orderBook = await this.#orderBook(symbol, now, staleParts)
    const newestDataMs = Math.max(priceAtMs, lastMinute.timestampMs + MINUTE_MS)
    return {
      ok: true,
      snapshot: {
        symbol,
        timestampMs: now,
        price: priceText,
        change24hPct: this.#change24h(
          view.oneMinuteCandleAtOrBefore(now - DAY_MS - MINUTE_MS),
          priceText,
          now,
        ),
        timeframes,
        dataAgeMs: Math.max(0, now - newestDataMs),
        orderBook,
        staleParts,
        missingTimeframes,
        isStale: staleParts.length > 0,
      },
    }
  }

  /**
   * A timeframe's indicators and newest candles, or null before its first candle closed.
   * They change only when a candle of that timeframe closes, so they are built once per
   * close (a 4h timeframe is not rebuilt on every minute's snapshot).
   */
  #closedPart(symbol: string, timeframe: Timeframe, view: SymbolMarketView): ClosedPart | null {
    const last = view.lastCandle(timeframe)
    if (last === null) return null
    const key = `${symbol} ${timeframe}`
    const historyLength = view.historyLength(timeframe)
    const cached = this.#closedParts.get(key)
    if (cached?.lastCandleMs === last.timestampMs && cached.historyLength === historyLength) {
      return cached.part
    }
    const indicators = view.indicatorsOf(timeframe)
    if (indicators === null) return null
    const candleWindow = snapshotCandleWindow(
      view.candles(timeframe, this.#settings.candlesPerTimeframe),
      cached?.window,
    )
    const part: ClosedPart = {
      indicators: Object.freeze(flattenIndicators(indicators)),
      candles: candleWindow.candles,
      lastCandleMs: last.timestampMs,
    }
    this.#closedParts.set(key, {
      lastCandleMs: last.timestampMs,
      historyLength,
      part,
      window: candleWindow,
    })
    return part
  }

  async #orderBook(
    symbol: string,
    now: number,
    staleParts: string[],
  ): Promise<OrderBookSummary | null> {
    if (this.#source === null) return null
    try {
      const book = await this.#source.fetchOrderBook(symbol, this.#settings.orderBookDepth)
      if (book !== null && now - book.timestampMs > this.#settings.maxDataAgeMs) {
        staleParts.push('order_book')
      }
      return book
    } catch (error) {
      this.#logger.warn({ err: error, symbol }, 'order book unavailable for the snapshot')
      staleParts.push('order_book')
      return null
    }
  }

  /**
   * The change from the close of the 1m candle that closed 24 h ago, in percent. A figure to
   * read, not money: computed on doubles (a Decimal division per snapshot cost more than the
   * rest of the snapshot).
   */
  #change24h(reference: Candle | null, priceText: string, now: number): number | null {
    if (reference === null) return null
    const referenceCloseMs = reference.timestampMs + MINUTE_MS
    if (now - DAY_MS - referenceCloseMs > CHANGE_REFERENCE_TOLERANCE_MS) return null
    const base = reference.numeric.close
    const price = Number(priceText)
    if (base === 0 || !Number.isFinite(price)) return null
    return ((price - base) / base) * 100
  }
}

function failure(
  symbol: string,
  code: SnapshotFailure['code'],
  context: Readonly<Record<string, string | number | boolean>>,
): SnapshotResult {
  const pairs = Object.entries({ symbol, ...context })
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')
  return { ok: false, failure: { symbol, code, message: `${code}: ${pairs}` } }
}
