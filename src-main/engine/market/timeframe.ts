import { z } from 'zod'
import { TIMEFRAME_DURATIONS_MS } from '../../../src-shared/symbols'

/** The candle timeframes the engine works with, shortest first. */
export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const

/** A candle timeframe: one minute up to one day. */
export type Timeframe = (typeof TIMEFRAMES)[number]

/** Validates a timeframe string from config, HTTP or a file name. */
export const timeframeSchema = z.enum(TIMEFRAMES)

/** Returns the length of one candle of `timeframe` in milliseconds. */
export function timeframeMs(timeframe: Timeframe): number {
  return TIMEFRAME_DURATIONS_MS[timeframe]
}

/** Returns true when `value` names a supported timeframe. */
export function isTimeframe(value: unknown): value is Timeframe {
  return typeof value === 'string' && Object.hasOwn(TIMEFRAME_DURATIONS_MS, value)
}

/**
 * Returns the open time of the UTC-aligned bucket of `timeframe` that contains `timestampMs`.
 * Buckets are aligned to the Unix epoch, which is UTC midnight, so 4 h buckets open at
 * 00:00, 04:00, … UTC and daily buckets at UTC midnight.
 */
export function bucketStartMs(timestampMs: number, timeframe: Timeframe): number {
  const duration = TIMEFRAME_DURATIONS_MS[timeframe]
  const remainder = timestampMs % duration
  // `%` keeps the sign of the dividend; shift negative remainders into the bucket below.
  return remainder < 0 ? timestampMs - remainder - duration : timestampMs - remainder
}

/** Returns true when `timestampMs` is the open time of a `timeframe` bucket. */
export function isAlignedTo(timestampMs: number, timeframe: Timeframe): boolean {
  return timestampMs % TIMEFRAME_DURATIONS_MS[timeframe] === 0
}

/** Returns true when candles of `source` combine into whole candles of `target`. */
export function canAggregate(source: Timeframe, target: Timeframe): boolean {
  const sourceMs = TIMEFRAME_DURATIONS_MS[source]
  const targetMs = TIMEFRAME_DURATIONS_MS[target]
  return targetMs > sourceMs && targetMs % sourceMs === 0
}

/** Returns the given timeframes sorted shortest first, without duplicates. */
export function sortTimeframes(timeframes: Iterable<Timeframe>): Timeframe[] {
  return [...new Set(timeframes)].sort(
    (a, b) => TIMEFRAME_DURATIONS_MS[a] - TIMEFRAME_DURATIONS_MS[b],
  )
}
