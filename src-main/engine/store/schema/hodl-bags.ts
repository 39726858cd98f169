import { pgTable, text } from 'drizzle-orm/pg-core'
import { decimal, instant } from './columns'

/** Amounts per asset locked away from rebalancing and trading. */
export const hodlBags = pgTable('hodl_bags', {
  asset: text('asset').primaryKey(),
  amount: decimal('amount').notNull(),
  updatedAt: instant('updated_at').notNull(),
})
