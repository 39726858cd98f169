import { asc } from 'drizzle-orm'
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey, writeSequence } from './columns'

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
    sequence: writeSequence(),
  },
  (table) => [index('fills_order_idx').on(table.orderId)],
)

/** Oldest first: fill time, then the write sequence for fills of the same millisecond. */
export const fillsOldestFirst = [asc(fills.filledAt), asc(fills.sequence)]
