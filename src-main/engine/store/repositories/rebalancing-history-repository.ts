import { desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { allocationSchema } from '../../../../src-shared/contract'
import {
  executionStrategyRecordSchema,
  rebalanceTradeRecordSchema,
  type RebalanceRecord,
} from '../../portfolio/rebalance-record'
import type { Database } from '../database'
import { rebalancingHistory } from '../schema'
import { WriteBehind } from '../write-behind'

type Row = typeof rebalancingHistory.$inferSelect

/** The JSON columns, checked when read back so a bad row fails loudly with its paths. */
const jsonColumns = z.object({
  action: z.enum(['no_action', 'rebalance']),
  allocation: allocationSchema,
  trades: z.array(rebalanceTradeRecordSchema),
  executionStrategy: executionStrategyRecordSchema.nullable(),
})

/** Every rebalance check (rebalancing_history): allocation, trades, strategy and its origin. */
export class RebalancingHistoryRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores one rebalance check (or queues it, see {@link WriteBehind}). */
  async record(entry: RebalanceRecord): Promise<void> {
    await this.writes.append(rebalancingHistory, {
      id: entry.id,
      createdAt: new Date(entry.createdAtMs),
      correlationId: entry.correlationId,
      action: entry.action,
      allocation: entry.allocation,
      trades: entry.trades,
      executionStrategy: entry.executionStrategy,
      usedFallbackStrategy: entry.usedFallbackStrategy,
      reasoning: entry.reasoning,
    })
  }

  /** Returns one rebalance check, or null. */
  async get(id: string): Promise<RebalanceRecord | null> {
    await this.writes.flush(rebalancingHistory)
    const [row] = await this.db
      .select()
      .from(rebalancingHistory)
      .where(eq(rebalancingHistory.id, id))
    return row ? toRecord(row) : null
  }

  /** Returns the latest checks, newest first. */
  async recent(limit = 50): Promise<RebalanceRecord[]> {
    await this.writes.flush(rebalancingHistory)
    const rows = await this.db
      .select()
      .from(rebalancingHistory)
      .orderBy(desc(rebalancingHistory.createdAt))
      .limit(limit)
    return rows.map(toRecord)
  }
}

function toRecord(row: Row): RebalanceRecord {
  const checked = jsonColumns.safeParse(row)
  if (!checked.success) {
    throw new Error(`rebalancing_history row id=${row.id} cannot be read: ${checked.error.message}`)
  }
  return {
    id: row.id,
    createdAtMs: row.createdAt.getTime(),
    correlationId: row.correlationId,
    usedFallbackStrategy: row.usedFallbackStrategy,
    reasoning: row.reasoning ?? '',
    ...checked.data,
  }
}
