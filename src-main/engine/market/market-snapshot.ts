import type { Candle } from './candle'
import type { FlatIndicators } from './flat-indicators'
import type { OrderBookSummary } from './order-book-summary'
import type { Timeframe } from './timeframe'

/** One closed candle with decimal-string values. */
export interface SnapshotCandle {
  /** Open time, Unix ms. */
  readonly timestampMs: number
  readonly open: string
  readonly high: string
  readonly low: string
  readonly close: string
  readonly volume: string
}

/** Indicator values and recent closed candles of one timeframe. */
export interface TimeframeSnapshot {
  /** Flat indicator values (see `flattenIndicators`), null while warming up. */
  readonly indicators: FlatIndicators
  /** The newest closed candles, oldest first (at most `candles_per_timeframe`). */
  readonly candles: readonly SnapshotCandle[]
  /** Open time of the newest closed candle. */
  readonly lastCandleMs: number
  /** True when the next candle is overdue by more than the maximum data age. */
  readonly isStale: boolean
}

/**
 * What the market looks like for one symbol at one moment: the input of the agents
 * (it satisfies the agents' `MarketSnapshot` shape: symbol, timestampMs, price,
 * change24hPct, timeframes with indicators and candles, dataAgeMs) plus the order book and
 * what is stale or missing.
 */
export interface MarketSnapshot {
  readonly symbol: string
  /** When it was built (engine clock, Unix ms). */
  readonly timestampMs: number
  /** The latest price, a decimal string. */
  readonly price: string
  /** Percent change against the price 24 h ago (−2.5 for −2.5 %), null without a day of history. */
  readonly change24hPct: number | null
  /** Per timeframe (`1m` … `1d`) that has closed candles. */
  readonly timeframes: Readonly<Record<string, TimeframeSnapshot>>
  /** Age of the newest data (tick or closed 1m candle) behind the snapshot, in ms. */
  readonly dataAgeMs: number
  /** The top of the book when the source has one (live), else null. */
  readonly orderBook: OrderBookSummary | null
  /**
   * Parts whose data is older than the maximum data age: `price`, a timeframe (`5m`) whose
   * next candle is overdue, `order_book` when it could not be fetched.
   */
  readonly staleParts: readonly string[]
  /** Kept timeframes without any closed candle yet (e.g. `1d` early in a day's backfill). */
  readonly missingTimeframes: readonly Timeframe[]
  /** True when any part is stale. */
  readonly isStale: boolean
}

/** Why the snapshot of one symbol could not be built. */
export interface SnapshotFailure {
  readonly symbol: string
  readonly code: 'UNKNOWN_SYMBOL' | 'NO_DATA' | 'BUILD_FAILED'
  /** `CODE: key=value …`. */
  readonly message: string
}

/** The snapshot of one symbol, or why not. */
export type SnapshotResult =
  | { readonly ok: true; readonly snapshot: MarketSnapshot }
  | { readonly ok: false; readonly failure: SnapshotFailure }

/**
 * The snapshots of several symbols: ok while at most `max_failure_ratio` of them failed
 * (seed 001 v1.3: 50 %), with the failures listed either way.
 */
export type MarketSnapshotsResult =
  | {
      readonly ok: true
      readonly snapshots: readonly MarketSnapshot[]
      readonly failures: readonly SnapshotFailure[]
    }
  | {
      readonly ok: false
      readonly code: 'TOO_MANY_FAILURES'
      /** `TOO_MANY_FAILURES: failed=2 total=3 max_ratio=0.5`. */
      readonly message: string
      readonly snapshots: readonly MarketSnapshot[]
      readonly failures: readonly SnapshotFailure[]
    }

/** Returns a candle as a snapshot candle (decimal strings). */
export function toSnapshotCandle(candle: Candle): SnapshotCandle {
  return {
    timestampMs: candle.timestampMs,
    open: candle.openText,
    high: candle.highText,
    low: candle.lowText,
    close: candle.closeText,
    volume: candle.volumeText,
  }
}
