import { boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { instant, uuidPrimaryKey } from './columns'

/** Every rebalance check: allocation, decided trades, execution strategy and its origin. */
export const rebalancingHistory = pgTable(
  'rebalancing_history',
  {
    id: uuidPrimaryKey(),
    createdAt: instant('created_at').notNull(),
    correlationId: text('correlation_id'),
    action: text('action').notNull(),
    allocation: jsonb('allocation').notNull(),
    trades: jsonb('trades').notNull(),
    executionStrategy: jsonb('execution_strategy'),
    usedFallbackStrategy: boolean('used_fallback_strategy').notNull(),
    reasoning: text('reasoning'),
  },
  (table) => [index('rebalancing_history_created_idx').on(table.createdAt)],
)
