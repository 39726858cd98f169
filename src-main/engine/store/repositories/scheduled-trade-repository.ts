import { and, asc, eq, inArray, lte, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import {
  BATCH_STATUSES,
  byExecutionOrder,
  type BatchStatus,
  type NewScheduledBatch,
  type ScheduledBatch,
} from '../../portfolio/scheduled-batch'
import type { Database } from '../database'
import { scheduledTrades } from '../schema'

type Row = typeof scheduledTrades.$inferSelect

/** The text columns with a closed set of values, checked when read back. */
const rowValues = z.object({
  side: z.enum(['buy', 'sell']),
  executionType: z.enum(['market', 'limit']),
  status: z.enum(BATCH_STATUSES),
})

/** What a status change may also set. */
export interface BatchChanges {
  readonly orderId?: string | null
  readonly error?: string | null
  readonly executedAtMs?: number | null
}

/**
 * DCA batches of rebalances (scheduled_trades). Status changes are conditional on the
 * current status, so two callers can never both start, or both cancel, one batch.
 */
export class ScheduledTradeRepository {
  constructor(private readonly db: Database) {}

  /** Stores new batches as pending; returns them as stored. */
  async insertMany(batches: readonly NewScheduledBatch[]): Promise<ScheduledBatch[]> {
    if (batches.length === 0) return []
    const rows = await this.db
      .insert(scheduledTrades)
      .values(
        batches.map((batch) => ({
          id: batch.id,
          rebalanceId: batch.rebalanceId,
          symbol: batch.symbol,
          side: batch.side,
          amountUsd: batch.amountUsd,
          executionType: batch.executionType,
          priority: batch.priority,
          batchIndex: batch.batchIndex,
          batchCount: batch.batchCount,
          dueAt: new Date(batch.dueAtMs),
          status: 'pending' satisfies BatchStatus,
          correlationId: batch.correlationId,
          createdAt: new Date(batch.createdAtMs),
        })),
      )
      .returning()
    return rows.map(toBatch).sort(byExecutionOrder)
  }

  /** Returns one batch, or null. */
  async get(id: string): Promise<ScheduledBatch | null> {
    const [row] = await this.db.select().from(scheduledTrades).where(eq(scheduledTrades.id, id))
    return row ? toBatch(row) : null
  }

  /** Returns the pending batches due at or before `atMs` (all pending when omitted), in execution order. */
  async pending(atMs?: number): Promise<ScheduledBatch[]> {
    const conditions: SQL[] = [eq(scheduledTrades.status, 'pending')]
    if (atMs !== undefined) conditions.push(lte(scheduledTrades.dueAt, new Date(atMs)))
    return this.select(and(...conditions))
  }

  /** Returns the batches in a status, in execution order. */
  async withStatus(status: BatchStatus): Promise<ScheduledBatch[]> {
    return this.select(eq(scheduledTrades.status, status))
  }

  /** Returns a rebalance's batches, in execution order. */
  async ofRebalance(rebalanceId: string): Promise<ScheduledBatch[]> {
    return this.select(eq(scheduledTrades.rebalanceId, rebalanceId))
  }

  /**
   * Moves a batch from `from` to `to` and applies `changes`; returns the updated batch, or
   * null when the batch is not in `from` (anymore).
   */
  async changeStatus(
    id: string,
    from: BatchStatus,
    to: BatchStatus,
    changes: BatchChanges = {},
  ): Promise<ScheduledBatch | null> {
    const rows = await this.db
      .update(scheduledTrades)
      .set({ status: to, ...toColumns(changes) })
      .where(and(eq(scheduledTrades.id, id), eq(scheduledTrades.status, from)))
      .returning()
    return rows[0] ? toBatch(rows[0]) : null
  }

  /**
   * Moves every batch in `from` (of one rebalance when given) to `to`; returns the batches
   * changed, in execution order.
   */
  async changeAllStatus(
    from: BatchStatus,
    to: BatchStatus,
    changes: BatchChanges & { readonly rebalanceId?: string } = {},
  ): Promise<ScheduledBatch[]> {
    const conditions: SQL[] = [eq(scheduledTrades.status, from)]
    if (changes.rebalanceId !== undefined) {
      conditions.push(eq(scheduledTrades.rebalanceId, changes.rebalanceId))
    }
    const rows = await this.db
      .update(scheduledTrades)
      .set({ status: to, ...toColumns(changes) })
      .where(and(...conditions))
      .returning()
    return rows.map(toBatch).sort(byExecutionOrder)
  }

  /** Moves a pending batch's due time; returns the batch, or null when it is not pending (anymore). */
  async reschedule(id: string, dueAtMs: number): Promise<ScheduledBatch | null> {
    const rows = await this.db
      .update(scheduledTrades)
      .set({ dueAt: new Date(dueAtMs) })
      .where(and(eq(scheduledTrades.id, id), eq(scheduledTrades.status, 'pending')))
      .returning()
    return rows[0] ? toBatch(rows[0]) : null
  }

  /** Returns the batches with these ids, in execution order. */
  async byIds(ids: readonly string[]): Promise<ScheduledBatch[]> {
    if (ids.length === 0) return []
    return this.select(inArray(scheduledTrades.id, [...ids]))
  }

  private async select(where: SQL | undefined): Promise<ScheduledBatch[]> {
    const rows = await this.db
      .select()
      .from(scheduledTrades)
      .where(where)
      .orderBy(
        asc(scheduledTrades.dueAt),
        asc(scheduledTrades.priority),
        asc(scheduledTrades.batchIndex),
        asc(scheduledTrades.createdAt),
      )
    return rows.map(toBatch)
  }
}

function toColumns(changes: BatchChanges): Partial<Row> {
  const columns: Partial<Row> = {}
  if (changes.orderId !== undefined) columns.orderId = changes.orderId
  if (changes.error !== undefined) columns.error = changes.error
  if (changes.executedAtMs !== undefined) {
    columns.executedAt = changes.executedAtMs === null ? null : new Date(changes.executedAtMs)
  }
  return columns
}

function toBatch(row: Row): ScheduledBatch {
  const checked = rowValues.safeParse(row)
  if (!checked.success) {
    throw new Error(
      `scheduled_trades row id=${row.id} is not a valid batch: ${checked.error.message}`,
    )
  }
  const { side, executionType, status } = checked.data
  return {
    id: row.id,
    // Every batch the portfolio stores belongs to a rebalance; the column is nullable for others.
    rebalanceId: row.rebalanceId ?? '',
    symbol: row.symbol,
    side,
    amountUsd: row.amountUsd,
    executionType,
    priority: row.priority,
    batchIndex: row.batchIndex,
    batchCount: row.batchCount,
    dueAtMs: row.dueAt.getTime(),
    status,
    correlationId: row.correlationId,
    orderId: row.orderId,
    error: row.error,
    createdAtMs: row.createdAt.getTime(),
    executedAtMs: row.executedAt ? row.executedAt.getTime() : null,
  }
}
