import { z } from 'zod'
import { decimalText, identifier, timestampMs } from './primitives'

export const assetAllocationSchema = z.object({
  asset: z.string(),
  balance: decimalText,
  hodl: decimalText,
  /**
   * Coins open spot long positions hold: left out of the allocation, like the hodl bag. Checks
   * recorded before it was counted read as 0.
   */
  inPositions: decimalText.default('0'),
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
  // Swapped ends found nothing and answered an empty curve as if there were no history.
  .refine(({ fromMs, toMs }) => fromMs === undefined || toMs === undefined || fromMs <= toMs, {
    path: ['toMs'],
    error: 'toMs must not be before fromMs',
  })
  .prefault({})

/**
 * Where a DCA batch is in its life: pending, executing while sent, then executed, rejected or
 * failed; only a pending one can be cancelled.
 */
export const REBALANCE_BATCH_STATUSES = [
  'pending',
  'executing',
  'executed',
  'rejected',
  'failed',
  'cancelled',
] as const

/**
 * One DCA batch of a rebalance trade: a slice of the trade sent on its own when it falls due
 * on the engine's clock (`dueAt`). `batchNumber` counts from 1 (batch 2 of 6).
 */
export const rebalanceBatchSchema = z.object({
  id: z.string(),
  rebalanceId: z.string(),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  amountUsd: decimalText,
  executionType: z.enum(['market', 'limit']),
  batchNumber: z.number().int().positive(),
  batchCount: z.number().int().positive(),
  dueAt: timestampMs,
  status: z.enum(REBALANCE_BATCH_STATUSES),
  correlationId: z.string().nullable(),
  createdAt: timestampMs,
})

/**
 * What changed in the portfolio, as the engine publishes it: a rebalance check that planned
 * trades, a DCA batch executed or not executed, pending batches cancelled, a hodl bag changed.
 */
export const PORTFOLIO_CHANGES = [
  'rebalance_checked',
  'rebalance_trade_executed',
  'rebalance_trade_failed',
  'rebalance_batches_cancelled',
  'hodl_bag_changed',
] as const

export type PortfolioChange = (typeof PORTFOLIO_CHANGES)[number]

export const batchIdInput = z.object({ id: identifier }).strict()

export const rebalanceIdInput = z.object({ id: identifier }).strict()

export const cancelRebalanceResultSchema = z.object({
  /** How many pending batches were cancelled; 0 when none was pending (anymore). */
  cancelled: z.number().int().nonnegative(),
})

export type Allocation = z.infer<typeof allocationSchema>
export type RebalanceResult = z.infer<typeof rebalanceResultSchema>
export type EquityPoint = z.infer<typeof equityPointSchema>
export type RebalanceBatch = z.infer<typeof rebalanceBatchSchema>
export type CancelRebalanceResult = z.infer<typeof cancelRebalanceResultSchema>
