import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey } from './columns'

/** Executions of orders; the exchange trade id makes re-synced fills idempotent. */
export const fills = pgTable(
  'fills',
  {
    id: uuidPrimaryKey(),
    orderId: uuid('order_id').notNull(),
    externalTradeId: text('external_trade_id').unique(),
    symbol: text('symbol').notNull(),
    side: text('side').notNull(),
    size: decimal('size').notNull(),
    price: decimal('price').notNull(),
    fee: decimal('fee').notNull(),
    feeAsset: text('fee_asset').notNull(),
    filledAt: instant('filled_at').notNull(),
  },
  (table) => [index('fills_order_idx').on(table.orderId)],
)
