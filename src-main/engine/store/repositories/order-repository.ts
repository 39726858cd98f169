import { eq, inArray, notInArray } from 'drizzle-orm'
import type { Order } from '../../execution/order'
import type { OrderStatus } from '../../execution/order-status'
import type { ClientOrderId, OrderRole, OrderSide, OrderType } from '../../execution/order-types'
import type { Database } from '../database'
import { orders } from '../schema'
import { ordersNewestFirst, ordersOldestFirst } from '../schema/orders'
import { WriteBehind, type AppendOptions } from '../write-behind'

const TERMINAL: OrderStatus[] = ['FILLED', 'CANCELLED', 'EXPIRED', 'ERROR']

/**
 * An order is written when created and on every change: an upsert by id, so that a batch
 * keeps one row per order, at the place of its first write, with its latest state.
 */
const SAVE: AppendOptions = { upsertOn: orders.id }

/**
 * Reads and writes orders; the write-ahead record of every order the engine sends. Written
 * at once by default (the caller's await covers the write-ahead); a replay queues them.
 */
export class OrderRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores a new order (or queues it, see {@link WriteBehind}); fails when its client id already exists. */
  insert(order: Order): Promise<void> {
    return this.writes.append(orders, toRow(order), SAVE)
  }

  /** Overwrites the stored order with `order`, matched by id (or queues it, see {@link WriteBehind}). */
  update(order: Order): Promise<void> {
    return this.writes.append(orders, toRow(order), SAVE)
  }

  async findById(id: string): Promise<Order | null> {
    await this.writes.flush(orders)
    const [row] = await this.db.select().from(orders).where(eq(orders.id, id))
    return row ? toOrder(row) : null
  }

  async findByClientOrderId(clientOrderId: string): Promise<Order | null> {
    await this.writes.flush(orders)
    const [row] = await this.db.select().from(orders).where(eq(orders.clientOrderId, clientOrderId))
    return row ? toOrder(row) : null
  }

  async findByExternalId(externalId: string): Promise<Order | null> {
    await this.writes.flush(orders)
    const [row] = await this.db.select().from(orders).where(eq(orders.externalId, externalId))
    return row ? toOrder(row) : null
  }

  /** Returns orders not yet in a terminal state, oldest first. */
  async findNonTerminal(): Promise<Order[]> {
    await this.writes.flush(orders)
    const rows = await this.db
      .select()
      .from(orders)
      .where(notInArray(orders.status, TERMINAL))
      .orderBy(...ordersOldestFirst)
    return rows.map(toOrder)
  }

  /** Returns the orders linked to a position, oldest first. */
  async findByPosition(positionId: string): Promise<Order[]> {
    await this.writes.flush(orders)
    const rows = await this.db
      .select()
      .from(orders)
      .where(eq(orders.positionId, positionId))
      .orderBy(...ordersOldestFirst)
    return rows.map(toOrder)
  }

  /** Returns orders with the given statuses, newest first. */
  async findByStatus(statuses: readonly OrderStatus[], limit = 1000): Promise<Order[]> {
    await this.writes.flush(orders)
    const rows = await this.db
      .select()
      .from(orders)
      .where(inArray(orders.status, [...statuses]))
      .orderBy(...ordersNewestFirst)
      .limit(limit)
    return rows.map(toOrder)
  }

  /** Returns the newest orders, of one symbol when given, newest first. */
  async recent(limit: number, symbol?: string): Promise<Order[]> {
    await this.writes.flush(orders)
    const rows = await this.db
      .select()
      .from(orders)
      .where(symbol === undefined ? undefined : eq(orders.symbol, symbol))
      .orderBy(...ordersNewestFirst)
      .limit(limit)
    return rows.map(toOrder)
  }

  /** Returns every order of a correlation id, oldest first. */
  async findByCorrelationId(correlationId: string): Promise<Order[]> {
    await this.writes.flush(orders)
    const rows = await this.db
      .select()
      .from(orders)
      .where(eq(orders.correlationId, correlationId))
      .orderBy(...ordersOldestFirst)
    return rows.map(toOrder)
  }
}

function toRow(order: Order): typeof orders.$inferInsert & { id: string } {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    externalId: order.externalId,
    symbol: order.symbol,
    side: order.side,
    orderType: order.type,
    role: order.role,
    size: order.size,
    price: order.price,
    triggerPrice: order.triggerPrice,
    stopLoss: order.stopLoss,
    takeProfit: order.takeProfit,
    leverage: order.leverage,
    status: order.status,
    filledSize: order.filledSize,
    averageFillPrice: order.averageFillPrice,
    fee: order.fee,
    positionId: order.positionId,
    parentOrderId: order.parentOrderId,
    correlationId: order.correlationId,
    error: order.error,
    closeReason: order.closeReason,
    expiresAt: order.expiresAtMs === null ? null : new Date(order.expiresAtMs),
    createdAt: new Date(order.createdAtMs),
    updatedAt: new Date(order.updatedAtMs),
  }
}

function toOrder(row: typeof orders.$inferSelect): Order {
  return {
    id: row.id,
    clientOrderId: row.clientOrderId as ClientOrderId,
    externalId: row.externalId,
    symbol: row.symbol,
    side: row.side as OrderSide,
    type: row.orderType as OrderType,
    role: row.role as OrderRole,
    size: row.size,
    price: row.price,
    triggerPrice: row.triggerPrice,
    stopLoss: row.stopLoss,
    takeProfit: row.takeProfit,
    leverage: row.leverage,
    status: row.status as OrderStatus,
    filledSize: row.filledSize,
    averageFillPrice: row.averageFillPrice,
    fee: row.fee,
    positionId: row.positionId,
    parentOrderId: row.parentOrderId,
    correlationId: row.correlationId ?? '',
    error: row.error,
    closeReason: row.closeReason,
    expiresAtMs: row.expiresAt ? row.expiresAt.getTime() : null,
    createdAtMs: row.createdAt.getTime(),
    updatedAtMs: row.updatedAt.getTime(),
  }
}
