import { z } from 'zod'
import { decimalText, timestampMs } from './primitives'

export const assetAllocationSchema = z.object({
  asset: z.string(),
  balance: decimalText,
  hodl: decimalText,
  available: decimalText,
  price: decimalText,
  value: decimalText,
  pct: decimalText,
  targetPct: decimalText,
  deviationPct: decimalText,
})

export const allocationSchema = z.object({
  totalEquity: decimalText,
  assets: z.array(assetAllocationSchema),
  maxDeviationPct: decimalText,
  thresholdPct: decimalText,
  warnings: z.array(z.string()),
})

export const rebalanceTradeSchema = z.object({
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  amountUsd: decimalText,
  executionType: z.enum(['market', 'limit']),
  priority: z.number(),
  batches: z.number(),
})

export const rebalanceInput = z
  .object({ force: z.boolean().default(true) })
  .strict()
  .prefault({})

export const rebalanceResultSchema = z.object({
  action: z.enum(['no_action', 'rebalance']),
  allocation: allocationSchema,
  trades: z.array(rebalanceTradeSchema),
  usedFallbackStrategy: z.boolean(),
  reasoning: z.string(),
})

export const equityPointSchema = z.object({ timestamp: timestampMs, equity: decimalText })

export const equityCurveInput = z
  .object({
    fromMs: timestampMs.optional(),
    toMs: timestampMs.optional(),
    maxPoints: z.number().int().positive().max(5000).optional(),
  })
  .strict()
  .prefault({})

export type Allocation = z.infer<typeof allocationSchema>
export type RebalanceResult = z.infer<typeof rebalanceResultSchema>
export type EquityPoint = z.infer<typeof equityPointSchema>
