import { z } from 'zod'
import { symbolSchema, timeframeSchema } from '../symbols'
import { decimalText, timestampMs } from './primitives'

export const candleSchema = z.object({
  t: timestampMs,
  o: decimalText,
  h: decimalText,
  l: decimalText,
  c: decimalText,
  v: decimalText,
})

export const candlesInput = z
  .object({
    symbol: symbolSchema,
    timeframe: timeframeSchema.default('1h'),
    limit: z.number().int().positive().max(10_000).default(300),
  })
  .strict()

/**
 * Closed candles plus per-candle overlay values (null while an indicator warms up), and the
 * candle still forming after them: the minutes of it closed so far (null for 1m, and before
 * its first minute closed). Overlays are of closed candles only.
 */
export const candleSeriesSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  candles: z.array(candleSchema),
  overlays: z.record(z.string(), z.array(z.number().nullable())),
  forming: candleSchema.nullable(),
})

export const marketSnapshotSchema = z.object({
  symbol: z.string(),
  price: decimalText,
  change24hPct: z.number().nullable(),
  dataAgeMs: z.number(),
  isStale: z.boolean(),
  staleParts: z.array(z.string()),
  indicators: z.record(z.string(), z.record(z.string(), z.number().nullable())),
  latestTa: z.record(z.string(), z.unknown()).nullable(),
  latestRegime: z.record(z.string(), z.unknown()).nullable(),
})

export type Candle = z.infer<typeof candleSchema>
export type CandleSeries = z.infer<typeof candleSeriesSchema>
export type MarketSnapshotView = z.infer<typeof marketSnapshotSchema>
