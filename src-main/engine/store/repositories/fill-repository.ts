import type Decimal from 'decimal.js'
import { desc, eq, gte } from 'drizzle-orm'
import type { OrderSide } from '../../execution/order-types'
import type { Database } from '../database'
import { fills, orders } from '../schema'
import { fillsOldestFirst } from '../schema/fills'
import { WriteBehind, type AppendOptions } from '../write-behind'

/** Recording a trade again keeps the stored fill (the trade id is unique). */
const RECORD: AppendOptions = { isConflictIgnored: true, references: [orders] }

/** One execution of an order. */
export interface Fill {
  readonly orderId: string
  /** The exchange's trade id: recording the same trade twice keeps one row. */
  readonly externalTradeId: string
  readonly symbol: string
  readonly side: OrderSide
  readonly size: Decimal
  readonly price: Decimal
  readonly fee: Decimal
  readonly feeAsset: string
  readonly filledAtMs: number
}

/** Records fills idempotently by trade id. */
export class FillRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores the fill unless its trade id is already stored (or queues it, see {@link WriteBehind}). */
  record(fill: Fill): Promise<void> {
    return this.writes.append(
      fills,
      {
        orderId: fill.orderId,
        externalTradeId: fill.externalTradeId,
        symbol: fill.symbol,
        side: fill.side,
        size: fill.size,
        price: fill.price,
        fee: fill.fee,
        feeAsset: fill.feeAsset,
        filledAt: new Date(fill.filledAtMs),
      },
      RECORD,
    )
  }

  /** Returns an order's fills, oldest first. */
  async forOrder(orderId: string): Promise<Fill[]> {
    await this.writes.flush(fills)
    const rows = await this.db
      .select()
      .from(fills)
      .where(eq(fills.orderId, orderId))
      .orderBy(...fillsOldestFirst)
    return rows.map(toFill)
  }

  /** Returns the fills made at or after `sinceMs`, oldest first. */
  async since(sinceMs: number): Promise<Fill[]> {
    await this.writes.flush(fills)
    const rows = await this.db
      .select()
      .from(fills)
      .where(gte(fills.filledAt, new Date(sinceMs)))
      .orderBy(...fillsOldestFirst)
    return rows.map(toFill)
  }

  /** Returns the time of the newest stored fill, or null when there is none. */
  async latestFillTime(): Promise<number | null> {
    await this.writes.flush(fills)
    const [row] = await this.db.select().from(fills).orderBy(desc(fills.filledAt)).limit(1)
    return row ? row.filledAt.getTime() : null
  }
}

function toFill(row: typeof fills.$inferSelect): Fill {
  return {
    orderId: row.orderId,
    externalTradeId: row.externalTradeId ?? '',
    symbol: row.symbol,
    side: row.side as OrderSide,
    size: row.size,
    price: row.price,
    fee: row.fee,
    feeAsset: row.feeAsset,
    filledAtMs: row.filledAt.getTime(),
  }
}
