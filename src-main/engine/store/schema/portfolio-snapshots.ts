import { jsonb, pgTable } from 'drizzle-orm/pg-core'
import { decimal, instant } from './columns'

/** Equity, balances and allocation over time; the source of the equity curve. */
export const portfolioSnapshots = pgTable('portfolio_snapshots', {
  timestamp: instant('timestamp').primaryKey(),
  equity: decimal('equity').notNull(),
  realizedPnl: decimal('realized_pnl').notNull(),
  unrealizedPnl: decimal('unrealized_pnl').notNull(),
  balances: jsonb('balances').notNull(),
  allocation: jsonb('allocation').notNull(),
})
