import type { Candle } from './candle'
import type { CandleRejection } from './candle-rejection'
import { CandleRing } from './candle-ring'
import { CandleSequenceGuard } from './candle-sequence-guard'
import { validateCandle } from './candle-validation'
import type { IndicatorConfig } from './indicators/indicator-config'
import type { IndicatorSnapshot } from './indicators/indicator-set'
import { MultiTimeframeIndicators, type MultiTimeframeSnapshot } from './multi-timeframe-indicators'
import type { Timeframe } from './timeframe'

/** Candles of one day plus one: what the 24 h change needs from the 1m history. */
export const MIN_ONE_MINUTE_HISTORY = 1441

/** What the snapshot builder and the candle query read of one symbol. */
export interface SymbolMarketView {
  readonly symbol: string
  readonly timeframes: readonly Timeframe[]
  /** The indicator values of every kept timeframe. */
  indicatorSnapshot(): MultiTimeframeSnapshot
  /** The indicator values of one timeframe, or null when it is not kept. */
  indicatorsOf(timeframe: Timeframe): IndicatorSnapshot | null
  /**
   * The ATR of one timeframe, or null while it warms up or when the timeframe is not kept;
   * unlike `indicatorsOf` it builds nothing, for readers that run on every candle.
   */
  atrOf(timeframe: Timeframe): number | null
  /** The newest `count` closed candles of a timeframe (fewer when not known), oldest first. */
  candles(timeframe: Timeframe, count: number): Candle[]
  /** How many closed candles of a timeframe are held in memory. */
  historyLength(timeframe: Timeframe): number
  /** The newest closed candle of a timeframe, or null. */
  lastCandle(timeframe: Timeframe): Candle | null
  /**
   * The candle of a timeframe above 1m still open: the 1m candles closed in it so far (first
   * open, highest high, lowest low, last close, summed volume), or null before its first minute
   * closed. 1m candles are only known once closed: null for 1m.
   */
  formingCandle(timeframe: Timeframe): Candle | null
  /** The newest 1m candle that opened at or before `timestampMs`, or null. */
  oneMinuteCandleAtOrBefore(timestampMs: number): Candle | null
}

/** Options of `SymbolMarketState`. */
export interface SymbolMarketStateOptions {
  readonly symbol: string
  readonly timeframes: readonly Timeframe[]
  readonly indicatorConfig?: IndicatorConfig
  /** Closed candles kept per timeframe; the 1m history keeps at least a day and a minute. */
  readonly historyLength: number
}

/**
 * The market state of one symbol: the sequence guard over its closed 1-minute candles, the
 * multi-timeframe indicators they feed, and the recent closed candles of every timeframe.
 */
export class SymbolMarketState implements SymbolMarketView {
  readonly symbol: string
  readonly timeframes: readonly Timeframe[]
  readonly #guard: CandleSequenceGuard
  readonly #indicators: MultiTimeframeIndicators
  readonly #rings = new Map<Timeframe, CandleRing>()

  constructor(options: SymbolMarketStateOptions) {
    this.symbol = options.symbol
    // 1m always runs: it feeds the chain and the 24 h change.
    const kept = new Set<Timeframe>(['1m', ...options.timeframes])
    for (const timeframe of kept) {
      const capacity =
        timeframe === '1m'
          ? Math.max(options.historyLength, MIN_ONE_MINUTE_HISTORY)
          : options.historyLength
      this.#rings.set(timeframe, new CandleRing(capacity))
    }
    this.#guard = new CandleSequenceGuard(options.symbol, '1m')
    this.#indicators = new MultiTimeframeIndicators({
      symbol: options.symbol,
      timeframes: [...kept],
      ...(options.indicatorConfig === undefined ? {} : { config: options.indicatorConfig }),
      onCandle: (timeframe, candle) => this.#rings.get(timeframe)?.push(candle),
    })
    this.timeframes = this.#indicators.timeframes
  }

  /** The open time of the newest accepted 1m candle, or null. */
  get lastTimestampMs(): number | null {
    return this.#guard.lastTimestampMs
  }

  /**
   * Validates a closed 1-minute candle (values, alignment, strictly after the previous one)
   * and, when sound, feeds it to the indicators and histories. Returns why it was refused,
   * or null.
   */
  accept(candle: Candle): CandleRejection | null {
    const rejection = validateCandle(candle, '1m') ?? this.#guard.accept(candle)
    if (rejection !== null) return rejection
    // Cannot refuse: the guard already holds the same order and alignment rules.
    this.#indicators.update(candle)
    return null
  }

  indicatorSnapshot(): MultiTimeframeSnapshot {
    return this.#indicators.snapshot()
  }

  indicatorsOf(timeframe: Timeframe): IndicatorSnapshot | null {
    return this.#indicators.indicators(timeframe)?.snapshot() ?? null
  }

  atrOf(timeframe: Timeframe): number | null {
    return this.#indicators.indicators(timeframe)?.atr ?? null
  }

  candles(timeframe: Timeframe, count: number): Candle[] {
    return this.#rings.get(timeframe)?.newest(count) ?? []
  }

  historyLength(timeframe: Timeframe): number {
    return this.#rings.get(timeframe)?.length ?? 0
  }

  lastCandle(timeframe: Timeframe): Candle | null {
    return this.#rings.get(timeframe)?.last() ?? null
  }

  formingCandle(timeframe: Timeframe): Candle | null {
    return this.#indicators.formingCandle(timeframe)
  }

  oneMinuteCandleAtOrBefore(timestampMs: number): Candle | null {
    return this.#rings.get('1m')?.atOrBefore(timestampMs) ?? null
  }
}
