import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey } from './columns'

/** DCA batches of a rebalance, executed by the coordinator when due (seed 001 v1.2). */
export const scheduledTrades = pgTable(
  'scheduled_trades',
  {
    id: uuidPrimaryKey(),
    rebalanceId: uuid('rebalance_id'),
    symbol: text('symbol').notNull(),
    side: text('side').notNull(),
    amountUsd: decimal('amount_usd').notNull(),
    batchIndex: integer('batch_index').notNull(),
    batchCount: integer('batch_count').notNull(),
    dueAt: instant('due_at').notNull(),
    status: text('status').notNull(),
    orderId: uuid('order_id'),
    error: text('error'),
    createdAt: instant('created_at').notNull(),
    executedAt: instant('executed_at'),
  },
  (table) => [index('scheduled_trades_status_due_idx').on(table.status, table.dueAt)],
)
