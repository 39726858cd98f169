import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant } from './columns'

/** Time series of each open position's mark price and unrealized P&L. */
export const positionSnapshots = pgTable(
  'position_snapshots',
  {
    timestamp: instant('timestamp').notNull(),
    positionId: uuid('position_id').notNull(),
    symbol: text('symbol').notNull(),
    currentPrice: decimal('current_price').notNull(),
    unrealizedPnl: decimal('unrealized_pnl').notNull(),
    unrealizedPnlPct: decimal('unrealized_pnl_pct').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.timestamp, table.positionId] }),
    index('position_snapshots_position_idx').on(table.positionId, table.timestamp),
  ],
)
