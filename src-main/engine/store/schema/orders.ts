import { asc, desc } from 'drizzle-orm'
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey, writeSequence } from './columns'

/**
 * Orders, written before they are sent (write-ahead) with our client id so a crash between
 * "stored" and "acknowledged" can be reconciled with the exchange.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuidPrimaryKey(),
    clientOrderId: text('client_order_id').notNull().unique(),
    externalId: text('external_id'),
    symbol: text('symbol').notNull(),
    side: text('side').notNull(),
    orderType: text('order_type').notNull(),
    role: text('role').notNull(),
    size: decimal('size').notNull(),
    price: decimal('price'),
    triggerPrice: decimal('trigger_price'),
    /** Protective levels requested with an entry order, placed as contingent orders after its fill. */
    stopLoss: decimal('stop_loss'),
    takeProfit: decimal('take_profit'),
    leverage: integer('leverage').notNull(),
    status: text('status').notNull(),
    filledSize: decimal('filled_size').notNull(),
    averageFillPrice: decimal('average_fill_price'),
    fee: decimal('fee').notNull(),
    positionId: uuid('position_id'),
    parentOrderId: uuid('parent_order_id'),
    correlationId: text('correlation_id'),
    error: text('error'),
    /** Why a closing order was sent (stop_loss, take_profit, manual, …), copied to the position. */
    closeReason: text('close_reason'),
    /** When the exchange is to expire the order (good-till-date); null = good till cancelled. */
    expiresAt: instant('expires_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    sequence: writeSequence(),
  },
  (table) => [
    index('orders_status_idx').on(table.status),
    index('orders_symbol_created_idx').on(table.symbol, table.createdAt),
    index('orders_correlation_idx').on(table.correlationId),
  ],
)

/** Oldest first: creation time, then the write sequence for orders of the same millisecond. */
export const ordersOldestFirst = [asc(orders.createdAt), asc(orders.sequence)]

/** Newest first: the reverse of {@link ordersOldestFirst}. */
export const ordersNewestFirst = [desc(orders.createdAt), desc(orders.sequence)]
