import { jsonb, pgTable } from 'drizzle-orm/pg-core'
import { decimal, instant } from './columns'

/**
 * Equity, P&L and balances over time, a row a minute; the source of the equity curve. The
 * allocation is not kept: balances and the stored candles' prices give it again, and a row
 * a minute of it would grow the store by hundreds of MB a year.
 */
export const portfolioSnapshots = pgTable('portfolio_snapshots', {
  timestamp: instant('timestamp').primaryKey(),
  equity: decimal('equity').notNull(),
  realizedPnl: decimal('realized_pnl').notNull(),
  unrealizedPnl: decimal('unrealized_pnl').notNull(),
  balances: jsonb('balances').notNull(),
})
