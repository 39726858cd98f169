import type { Candle } from './candle'
import { aggregateCandles, CandleAggregator } from './candle-aggregator'
import { candleRejection, type CandleRejection } from './candle-rejection'
import { DEFAULT_INDICATOR_CONFIG, type IndicatorConfig } from './indicators/indicator-config'
import { IndicatorSet, type IndicatorSnapshot } from './indicators/indicator-set'
import { isAlignedTo, sortTimeframes, TIMEFRAMES, type Timeframe } from './timeframe'

/** Options of `MultiTimeframeIndicators`. */
export interface MultiTimeframeOptions {
  /** The timeframes to keep indicators for. Default: all of `TIMEFRAMES`. */
  readonly timeframes?: readonly Timeframe[]
  /** Indicator settings, the same for every timeframe. Default `DEFAULT_INDICATOR_CONFIG`. */
  readonly config?: IndicatorConfig
  /** Names the series in refusal messages. */
  readonly symbol?: string
  /** Called with every closed candle of every kept timeframe (1m included), oldest first. */
  readonly onCandle?: (timeframe: Timeframe, candle: Candle) => void
}

/** Indicator values by timeframe. */
export type MultiTimeframeSnapshot = Partial<Record<Timeframe, IndicatorSnapshot>>

interface Level {
  readonly timeframe: Timeframe
  readonly indicators: IndicatorSet | null
  readonly aggregator: CandleAggregator | null
  last: Candle | null
}

/**
 * Indicators of one symbol on several timeframes, fed with 1-minute candles: each candle
 * updates the 1m indicators and runs through a chain of aggregators (1m → 5m → 15m → 1h →
 * 4h → 1d, each built from the one below), and every closed candle of a timeframe updates
 * that timeframe's `IndicatorSet`. Candles are expected to be validated already
 * (`validateCandle`); this only refuses candles out of order or not on a minute.
 */
export class MultiTimeframeIndicators {
  readonly timeframes: readonly Timeframe[]
  readonly #symbol: string
  readonly #onCandle: ((timeframe: Timeframe, candle: Candle) => void) | undefined
  readonly #base: Level
  /** The aggregating levels, shortest timeframe first. */
  readonly #levels: Level[] = []
  readonly #byTimeframe = new Map<Timeframe, Level>()
  #lastTimestampMs = Number.NEGATIVE_INFINITY

  constructor(options: MultiTimeframeOptions = {}) {
    const config = options.config ?? DEFAULT_INDICATOR_CONFIG
    const kept = new Set(options.timeframes ?? TIMEFRAMES)
    this.timeframes = sortTimeframes(kept)
    this.#symbol = options.symbol ?? 'unknown'
    this.#onCandle = options.onCandle
    this.#base = {
      timeframe: '1m',
      indicators: kept.has('1m') ? new IndicatorSet(config) : null,
      aggregator: null,
      last: null,
    }
    this.#byTimeframe.set('1m', this.#base)
    let source: Timeframe = '1m'
    for (const timeframe of this.timeframes) {
      if (timeframe === '1m') continue
      const position = this.#levels.length
      const level: Level = {
        timeframe,
        indicators: new IndicatorSet(config),
        aggregator: new CandleAggregator(timeframe, {
          source,
          onCandle: (candle) => this.#onClosed(position, candle),
        }),
        last: null,
      }
      this.#levels.push(level)
      this.#byTimeframe.set(timeframe, level)
      source = timeframe
    }
  }

  /**
   * Feeds the next closed 1-minute candle. Returns null when accepted, or why it is refused
   * (not on a minute, or not later than the previous one).
   */
  update(candle: Candle): CandleRejection | null {
    const timestampMs = candle.timestampMs
    if (timestampMs <= this.#lastTimestampMs || !isAlignedTo(timestampMs, '1m')) {
      return this.#refusal(candle)
    }
    this.#lastTimestampMs = timestampMs
    // Close the buckets that ended before this minute (a gap in the data) before adding it.
    const levels = this.#levels
    for (let index = 0; index < levels.length; index++) {
      ;(levels[index] as Level).aggregator?.flush(timestampMs)
    }
    const base = this.#base
    if (base.indicators !== null) {
      base.indicators.update(candle.numeric)
      base.last = candle
      this.#onCandle?.('1m', candle)
    }
    if (levels.length > 0) this.#pushInto(levels[0] as Level, candle)
    return null
  }

  /**
   * Closes every bucket that ends at or before `atMs` (e.g. on a clock tick at a boundary
   * when the last minute of a bucket is missing).
   */
  flush(atMs: number): void {
    for (const level of this.#levels) level.aggregator?.flush(atMs)
  }

  /** Returns the indicator values of every kept timeframe. */
  snapshot(): MultiTimeframeSnapshot {
    const snapshot: MultiTimeframeSnapshot = {}
    for (const timeframe of this.timeframes) {
      const indicators = this.#byTimeframe.get(timeframe)?.indicators
      if (indicators) snapshot[timeframe] = indicators.snapshot()
    }
    return snapshot
  }

  /** The indicator set of a kept timeframe, or undefined. */
  indicators(timeframe: Timeframe): IndicatorSet | undefined {
    return this.#byTimeframe.get(timeframe)?.indicators ?? undefined
  }

  /** The latest closed candle of a kept timeframe, or null. */
  lastCandle(timeframe: Timeframe): Candle | null {
    return this.#byTimeframe.get(timeframe)?.last ?? null
  }

  /**
   * The candle of a kept timeframe above 1m still forming, from every 1m candle of its bucket
   * closed so far, or null before the first. Its own aggregator holds only closed candles of
   * the timeframe below; the newer minutes are in the open buckets of the levels below, so
   * those are merged in.
   */
  formingCandle(timeframe: Timeframe): Candle | null {
    const position = this.#levels.findIndex((level) => level.timeframe === timeframe)
    const parts: Candle[] = []
    // Longest timeframe first: its open bucket holds the oldest minutes.
    for (let index = position; index >= 0; index--) {
      const partial = (this.#levels[index] as Level).aggregator?.partial
      if (partial) parts.push(partial)
    }
    if (parts.length <= 1) return parts[0] ?? null
    return aggregateCandles(parts, timeframe, { includePartial: true }).candles.at(-1) ?? null
  }

  #onClosed(position: number, candle: Candle): void {
    const level = this.#levels[position] as Level
    level.indicators?.update(candle.numeric)
    level.last = candle
    this.#onCandle?.(level.timeframe, candle)
    const next = this.#levels[position + 1]
    if (next !== undefined) this.#pushInto(next, candle)
  }

  #pushInto(level: Level, candle: Candle): void {
    const rejection = (level.aggregator as CandleAggregator).push(candle)
    // The chain only ever passes aligned candles in order; anything else is a bug here.
    if (rejection !== null) throw new Error(`aggregation chain broken: ${rejection.message}`)
  }

  #refusal(candle: Candle): CandleRejection {
    const context = {
      symbol: this.#symbol,
      timeframe: '1m',
      timestamp_ms: candle.timestampMs,
      last_timestamp_ms: this.#lastTimestampMs,
    }
    if (!isAlignedTo(candle.timestampMs, '1m')) {
      return candleRejection('TIMESTAMP_NOT_ALIGNED', context)
    }
    return candleRejection(
      candle.timestampMs === this.#lastTimestampMs
        ? 'DUPLICATE_TIMESTAMP'
        : 'OUT_OF_ORDER_TIMESTAMP',
      context,
    )
  }
}
