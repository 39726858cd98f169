import { jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { instant } from './columns'

/** The risk engine's persistent state (breakers, P&L windows, equity peak), one row per key. */
export const riskState = pgTable('risk_state', {
  id: text('id').primaryKey(),
  state: jsonb('state').notNull(),
  updatedAt: instant('updated_at').notNull(),
})
