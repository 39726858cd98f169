import { asc, eq } from 'drizzle-orm'
import type { OrderStatus } from '../../execution/order-status'
import type { Database } from '../database'
import { orderStatusLog } from '../schema'

/** One recorded order state transition. */
export interface OrderStatusLogEntry {
  readonly orderId: string
  readonly externalId: string | null
  readonly status: OrderStatus
  readonly timestampMs: number
  readonly details: Readonly<Record<string, unknown>> | null
}

/** Appends and reads the order state history (order_status_log). */
export class OrderStatusLogRepository {
  constructor(private readonly db: Database) {}

  async append(entry: OrderStatusLogEntry): Promise<void> {
    await this.db.insert(orderStatusLog).values({
      orderId: entry.orderId,
      externalId: entry.externalId,
      status: entry.status,
      timestamp: new Date(entry.timestampMs),
      details: entry.details,
    })
  }

  /** Returns an order's transitions in the order they were written. */
  async forOrder(orderId: string): Promise<OrderStatusLogEntry[]> {
    const rows = await this.db
      .select()
      .from(orderStatusLog)
      .where(eq(orderStatusLog.orderId, orderId))
      .orderBy(asc(orderStatusLog.id))
    return rows.map((row) => ({
      orderId: row.orderId,
      externalId: row.externalId,
      status: row.status as OrderStatus,
      timestampMs: row.timestamp.getTime(),
      details: (row.details as Record<string, unknown> | null) ?? null,
    }))
  }
}
