import type Decimal from 'decimal.js'
import { desc, eq } from 'drizzle-orm'
import type { OrderSide } from '../../execution/order-types'
import type { Database } from '../database'
import { fills } from '../schema'
import { fillsOldestFirst } from '../schema/fills'

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
  constructor(private readonly db: Database) {}

  /** Stores the fill unless its trade id is already stored; returns whether it was new. */
  async insertIfNew(fill: Fill): Promise<boolean> {
    const inserted = await this.db
      .insert(fills)
      .values({
        orderId: fill.orderId,
        externalTradeId: fill.externalTradeId,
        symbol: fill.symbol,
        side: fill.side,
        size: fill.size,
        price: fill.price,
        fee: fill.fee,
        feeAsset: fill.feeAsset,
        filledAt: new Date(fill.filledAtMs),
      })
      .onConflictDoNothing({ target: fills.externalTradeId })
      .returning({ id: fills.id })
    return inserted.length > 0
  }

  /** Returns an order's fills, oldest first. */
  async forOrder(orderId: string): Promise<Fill[]> {
    const rows = await this.db
      .select()
      .from(fills)
      .where(eq(fills.orderId, orderId))
      .orderBy(...fillsOldestFirst)
    return rows.map(toFill)
  }

  /** Returns the time of the newest stored fill, or null when there is none. */
  async latestFillTime(): Promise<number | null> {
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
