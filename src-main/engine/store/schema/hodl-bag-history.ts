import { index, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant } from './columns'

/** Every change to a hodl bag and why (profit accrual, manual change). */
export const hodlBagHistory = pgTable(
  'hodl_bag_history',
  {
    id: serial('id').primaryKey(),
    asset: text('asset').notNull(),
    change: decimal('change').notNull(),
    balanceAfter: decimal('balance_after').notNull(),
    reason: text('reason').notNull(),
    sourcePositionId: uuid('source_position_id'),
    createdAt: instant('created_at').notNull(),
  },
  (table) => [index('hodl_bag_history_asset_idx').on(table.asset, table.createdAt)],
)
