import { boolean, doublePrecision, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { instant, uuidPrimaryKey } from './columns'

/** Every detected conflict and how it was resolved (by which model, or by the default). */
export const conflictResolutionLog = pgTable(
  'conflict_resolution_log',
  {
    id: uuidPrimaryKey(),
    createdAt: instant('created_at').notNull(),
    correlationId: text('correlation_id'),
    symbol: text('symbol'),
    conflicts: jsonb('conflicts').notNull(),
    action: text('action').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    reasoning: text('reasoning').notNull(),
    modifications: jsonb('modifications'),
    model: text('model'),
    latencyMs: integer('latency_ms').notNull(),
    usedDefault: boolean('used_default').notNull(),
  },
  (table) => [index('conflict_resolution_log_correlation_idx').on(table.correlationId)],
)
