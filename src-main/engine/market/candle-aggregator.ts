import { Candle, compareCandleValues } from './candle'
import { candleRejection, type CandleRejection } from './candle-rejection'
import { bucketStartMs, canAggregate, timeframeMs, type Timeframe } from './timeframe'
import { ExactVolumeSum } from './volume-sum'

/** Receives each closed candle. */
export type CandleListener = (candle: Candle) => void

/** Options of `CandleAggregator`. */
export interface CandleAggregatorOptions {
  /** The timeframe of the candles pushed in. Default `1m`. */
  readonly source?: Timeframe
  /** Called with every closed candle of the target timeframe, in time order. */
  readonly onCandle: CandleListener
}

/**
 * Combines candles of a shorter timeframe (1m by default) into UTC-aligned candles of a
 * longer one, incrementally. A bucket's candle has the bucket's open time, the open of its
 * first candle, the highest high, the lowest low, the close of its last candle and the exact
 * sum of the volumes.
 *
 * A bucket closes, and its candle is emitted, as soon as its last source candle arrives, when
 * a candle of a later bucket arrives, or on `flush(atMs)` once `atMs` reaches the bucket's
 * end. Missing source candles are allowed: a bucket with gaps aggregates what it has, and a
 * bucket with no candles emits nothing. The exception is the first bucket when the series
 * starts after its start (a warm-up or a chart reads the newest minutes, a replay's data
 * begins mid-day): it lacks what came before the window, not what the market lacked, so it is
 * never emitted as closed — a day built from its last hour would feed the daily indicators and
 * chart a false candle. It is still the `partial` candle while it forms.
 */
export class CandleAggregator {
  readonly source: Timeframe
  readonly target: Timeframe
  readonly #sourceMs: number
  readonly #targetMs: number
  readonly #onCandle: CandleListener
  readonly #volume = new ExactVolumeSum()
  #bucketStartMs = 0
  #lastTimestampMs = Number.NEGATIVE_INFINITY
  #first: Candle | null = null
  #high: Candle | null = null
  #low: Candle | null = null
  #last: Candle | null = null
  #count = 0
  /** The open bucket lacks the source candles before the series began (see the class doc). */
  #isCutByWindow = false

  constructor(target: Timeframe, options: CandleAggregatorOptions) {
    const source = options.source ?? '1m'
    if (!canAggregate(source, target)) {
      throw new Error(`cannot aggregate: source=${source} target=${target}`)
    }
    this.source = source
    this.target = target
    this.#sourceMs = timeframeMs(source)
    this.#targetMs = timeframeMs(target)
    this.#onCandle = options.onCandle
  }

  /**
   * Adds a source candle. Returns null when accepted, or why it is refused: it must be aligned
   * to the source timeframe and later than every candle pushed before.
   */
  push(candle: Candle): CandleRejection | null {
    const timestampMs = candle.timestampMs
    if (timestampMs <= this.#lastTimestampMs || timestampMs % this.#sourceMs !== 0) {
      return this.#refusal(candle)
    }
    const isFirst = this.#lastTimestampMs === Number.NEGATIVE_INFINITY
    this.#lastTimestampMs = timestampMs
    if (this.#count > 0 && timestampMs >= this.#bucketStartMs + this.#targetMs) this.#close()
    if (this.#count === 0) {
      this.#bucketStartMs = bucketStartMs(timestampMs, this.target)
      this.#isCutByWindow = isFirst && timestampMs !== this.#bucketStartMs
      this.#first = candle
      this.#high = candle
      this.#low = candle
      this.#volume.reset()
    } else {
      if (compareCandleValues(candle, 'high', this.#high as Candle, 'high') > 0) this.#high = candle
      if (compareCandleValues(candle, 'low', this.#low as Candle, 'low') < 0) this.#low = candle
    }
    this.#last = candle
    this.#volume.add(candle)
    this.#count++
    if (timestampMs + this.#sourceMs >= this.#bucketStartMs + this.#targetMs) this.#close()
    return null
  }

  /**
   * Closes the open bucket when `atMs` is at or past its end (a clock tick at a boundary, or
   * the end of data with `Number.POSITIVE_INFINITY`, which closes an incomplete bucket).
   */
  flush(atMs: number): void {
    if (this.#count > 0 && atMs >= this.#bucketStartMs + this.#targetMs) this.#close()
  }

  /** The candle of the open bucket so far, or null when no bucket is open. */
  get partial(): Candle | null {
    return this.#count > 0 ? this.#build() : null
  }

  /** The open time of the latest candle pushed, or null before the first. */
  get lastTimestampMs(): number | null {
    return this.#lastTimestampMs === Number.NEGATIVE_INFINITY ? null : this.#lastTimestampMs
  }

  #close(): void {
    const candle = this.#isCutByWindow ? null : this.#build()
    this.#count = 0
    this.#isCutByWindow = false
    this.#first = null
    this.#high = null
    this.#low = null
    this.#last = null
    if (candle !== null) this.#onCandle(candle)
  }

  #build(): Candle {
    const first = this.#first as Candle
    const high = this.#high as Candle
    const low = this.#low as Candle
    const last = this.#last as Candle
    const volume = this.#volume
    const timestampMs = this.#bucketStartMs
    return new Candle(
      timestampMs,
      first.openText,
      high.highText,
      low.lowText,
      last.closeText,
      volume.text,
      {
        timestampMs,
        open: first.numeric.open,
        high: high.numeric.high,
        low: low.numeric.low,
        close: last.numeric.close,
        volume: volume.value,
      },
      volume.units,
      volume.scale,
      first.isNumericExact &&
        high.isNumericExact &&
        low.isNumericExact &&
        last.isNumericExact &&
        volume.isExact,
    )
  }

  #refusal(candle: Candle): CandleRejection {
    const context = {
      source: this.source,
      target: this.target,
      timestamp_ms: candle.timestampMs,
      last_timestamp_ms: this.#lastTimestampMs,
    }
    if (candle.timestampMs % this.#sourceMs !== 0) {
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

/** The candles `aggregateCandles` produced and the source candles it refused. */
export interface AggregationResult {
  readonly candles: Candle[]
  readonly rejections: CandleRejection[]
}

/** Options of `aggregateCandles`. */
export interface AggregateOptions {
  /** The timeframe of the input candles. Default `1m`. */
  readonly source?: Timeframe
  /**
   * Also emit the last bucket when the input ends before the bucket's last source candle.
   * Default false: that bucket may still be growing.
   */
  readonly includePartial?: boolean
}

/** Aggregates a series of candles to a longer timeframe in one go (see `CandleAggregator`). */
export function aggregateCandles(
  candles: Iterable<Candle>,
  target: Timeframe,
  options: AggregateOptions = {},
): AggregationResult {
  const output: Candle[] = []
  const rejections: CandleRejection[] = []
  const aggregator = new CandleAggregator(target, {
    source: options.source ?? '1m',
    onCandle: (candle) => output.push(candle),
  })
  for (const candle of candles) {
    const rejection = aggregator.push(candle)
    if (rejection !== null) rejections.push(rejection)
  }
  if (options.includePartial === true) aggregator.flush(Number.POSITIVE_INFINITY)
  return { candles: output, rejections }
}
