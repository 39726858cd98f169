import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey } from './columns'

/** Open and closed positions with their protective orders and trailing-stop state. */
export const positions = pgTable(
  'positions',
  {
    id: uuidPrimaryKey(),
    symbol: text('symbol').notNull(),
    side: text('side').notNull(),
    size: decimal('size').notNull(),
    entryPrice: decimal('entry_price').notNull(),
    leverage: integer('leverage').notNull(),
    stopLoss: decimal('stop_loss'),
    takeProfit: decimal('take_profit'),
    stopLossOrderId: uuid('stop_loss_order_id'),
    takeProfitOrderId: uuid('take_profit_order_id'),
    trailingStop: jsonb('trailing_stop'),
    status: text('status').notNull(),
    fees: decimal('fees').notNull(),
    /** Entry fees not yet charged against realized P&L (the open part's share). */
    openFees: decimal('open_fees').notNull(),
    /** Per order: the cumulative fill already applied, so re-applying an order state is idempotent. */
    fillLedger: jsonb('fill_ledger').notNull(),
    exitPrice: decimal('exit_price'),
    realizedPnl: decimal('realized_pnl'),
    closeReason: text('close_reason'),
    correlationId: text('correlation_id'),
    openedAt: instant('opened_at').notNull(),
    closedAt: instant('closed_at'),
    updatedAt: instant('updated_at').notNull(),
  },
  (table) => [index('positions_status_symbol_idx').on(table.status, table.symbol)],
)
