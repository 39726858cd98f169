import { index, jsonb, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core'
import { instant } from './columns'

/** Every order state transition, in order (seed 000 §3.6). */
export const orderStatusLog = pgTable(
  'order_status_log',
  {
    id: serial('id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    externalId: text('external_id'),
    status: text('status').notNull(),
    timestamp: instant('timestamp').notNull(),
    details: jsonb('details'),
  },
  (table) => [index('order_status_log_order_idx').on(table.orderId, table.timestamp.desc())],
)
