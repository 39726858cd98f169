import { z } from 'zod'
import { decimalText, rebalanceTradeSchema, type Allocation } from '../../../src-shared/contract'

/** A trade as rebalancing_history keeps it: the contract's trade plus its batch amounts. */
export const rebalanceTradeRecordSchema = rebalanceTradeSchema.extend({
  batchAmountsUsd: z.array(decimalText),
})

/** The execution strategy as rebalancing_history keeps it, with where it came from. */
export const executionStrategyRecordSchema = z.object({
  executionType: z.enum(['market', 'limit']),
  tradeOrder: z.array(z.string()),
  splitLargeTrades: z.boolean(),
  /** The model that answered, or null for the default strategy. */
  model: z.string().nullable(),
  /** Why the default strategy was used, or null when the model's was. */
  fallbackReason: z.string().nullable(),
})

export type RebalanceTradeRecord = z.infer<typeof rebalanceTradeRecordSchema>
export type ExecutionStrategyRecord = z.infer<typeof executionStrategyRecordSchema>

/** One rebalance check as stored in rebalancing_history. */
export interface RebalanceRecord {
  readonly id: string
  readonly createdAtMs: number
  readonly correlationId: string | null
  readonly action: 'no_action' | 'rebalance'
  /** The allocation DTO at the time of the check. */
  readonly allocation: Allocation
  readonly trades: readonly RebalanceTradeRecord[]
  /** Null when no trade was decided (no model was asked). */
  readonly executionStrategy: ExecutionStrategyRecord | null
  readonly usedFallbackStrategy: boolean
  readonly reasoning: string
}
