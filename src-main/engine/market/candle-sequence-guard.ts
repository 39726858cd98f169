import type { Candle } from './candle'
import { candleRejection, type CandleRejection } from './candle-rejection'
import type { Timeframe } from './timeframe'

/**
 * Keeps the candles of one symbol and timeframe in strictly increasing time order: refuses a
 * candle whose timestamp equals (DUPLICATE_TIMESTAMP) or precedes (OUT_OF_ORDER_TIMESTAMP)
 * the last accepted one. Gaps are allowed: missing candles are simply absent.
 */
export class CandleSequenceGuard {
  readonly symbol: string
  readonly timeframe: Timeframe
  #lastTimestampMs: number

  /** `lastTimestampMs` resumes after a candle already stored (e.g. the newest in the store). */
  constructor(symbol: string, timeframe: Timeframe, lastTimestampMs?: number) {
    this.symbol = symbol
    this.timeframe = timeframe
    this.#lastTimestampMs = lastTimestampMs ?? Number.NEGATIVE_INFINITY
  }

  /** The timestamp of the last accepted candle, or null before the first. */
  get lastTimestampMs(): number | null {
    return this.#lastTimestampMs === Number.NEGATIVE_INFINITY ? null : this.#lastTimestampMs
  }

  /**
   * Accepts the candle (remembering its timestamp) and returns null, or returns why it is
   * refused and remembers nothing.
   */
  accept(candle: Candle): CandleRejection | null {
    const timestampMs = candle.timestampMs
    if (timestampMs > this.#lastTimestampMs) {
      this.#lastTimestampMs = timestampMs
      return null
    }
    return candleRejection(
      timestampMs === this.#lastTimestampMs ? 'DUPLICATE_TIMESTAMP' : 'OUT_OF_ORDER_TIMESTAMP',
      {
        symbol: this.symbol,
        timeframe: this.timeframe,
        timestamp_ms: timestampMs,
        last_timestamp_ms: this.#lastTimestampMs,
      },
    )
  }

  /** Forgets the order so far, optionally resuming after `lastTimestampMs`. */
  reset(lastTimestampMs?: number): void {
    this.#lastTimestampMs = lastTimestampMs ?? Number.NEGATIVE_INFINITY
  }
}
