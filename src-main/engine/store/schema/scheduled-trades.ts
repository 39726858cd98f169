import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey } from './columns'

/** DCA batches of a rebalance, executed by the DCA scheduler when due (seed 001 v1.2). */
export const scheduledTrades = pgTable(
  'scheduled_trades',
  {
    id: uuidPrimaryKey(),
    rebalanceId: uuid('rebalance_id'),
    symbol: text('symbol').notNull(),
    side: text('side').notNull(),
    amountUsd: decimal('amount_usd').notNull(),
    /** market or limit, as the rebalance's execution strategy chose. */
    executionType: text('execution_type').notNull(),
    /** Execution order among batches due at the same time (sells before buys). */
    priority: integer('priority').notNull(),
    batchIndex: integer('batch_index').notNull(),
    batchCount: integer('batch_count').notNull(),
    dueAt: instant('due_at').notNull(),
    status: text('status').notNull(),
    correlationId: text('correlation_id'),
    /** The executor's order id; text because the executor port does not promise a UUID. */
    orderId: text('order_id'),
    error: text('error'),
    createdAt: instant('created_at').notNull(),
    executedAt: instant('executed_at'),
  },
  (table) => [
    index('scheduled_trades_status_due_idx').on(table.status, table.dueAt),
    index('scheduled_trades_rebalance_idx').on(table.rebalanceId),
  ],
)
