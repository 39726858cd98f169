import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { instant, uuidPrimaryKey } from './columns'

/** Every risk decision with the proposal, the result and the reasons. */
export const riskEvents = pgTable(
  'risk_events',
  {
    id: uuidPrimaryKey(),
    createdAt: instant('created_at').notNull(),
    correlationId: text('correlation_id'),
    symbol: text('symbol'),
    eventType: text('event_type').notNull(),
    status: text('status'),
    proposal: jsonb('proposal'),
    result: jsonb('result'),
    reasons: jsonb('reasons').notNull(),
  },
  (table) => [
    index('risk_events_created_idx').on(table.createdAt),
    index('risk_events_correlation_idx').on(table.correlationId),
  ],
)
