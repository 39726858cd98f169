import { asc, eq } from 'drizzle-orm'
import type { OrderStatus } from '../../execution/order-status'
import type { Database } from '../database'
import { orders, orderStatusLog } from '../schema'
import { WriteBehind, type AppendOptions } from '../write-behind'

const APPEND: AppendOptions = { references: [orders] }

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
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores one transition (or queues it, see {@link WriteBehind}). */
  append(entry: OrderStatusLogEntry): Promise<void> {
    return this.writes.append(
      orderStatusLog,
      {
        orderId: entry.orderId,
        externalId: entry.externalId,
        status: entry.status,
        timestamp: new Date(entry.timestampMs),
        details: entry.details,
      },
      APPEND,
    )
  }

  /** Returns an order's transitions in the order they were written. */
  async forOrder(orderId: string): Promise<OrderStatusLogEntry[]> {
    await this.writes.flush(orderStatusLog)
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
