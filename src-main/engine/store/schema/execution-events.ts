import { index, jsonb, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core'
import { instant } from './columns'

/** Audit log of execution events (order placed, filled, cancelled, position opened, …). */
export const executionEvents = pgTable(
  'execution_events',
  {
    id: serial('id').primaryKey(),
    createdAt: instant('created_at').notNull(),
    eventType: text('event_type').notNull(),
    orderId: uuid('order_id'),
    positionId: uuid('position_id'),
    symbol: text('symbol'),
    correlationId: text('correlation_id'),
    payload: jsonb('payload').notNull(),
  },
  (table) => [
    index('execution_events_created_idx').on(table.createdAt),
    index('execution_events_correlation_idx').on(table.correlationId),
  ],
)
