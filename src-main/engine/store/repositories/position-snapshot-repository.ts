import type Decimal from 'decimal.js'
import { asc, eq } from 'drizzle-orm'
import type { Database } from '../database'
import { positionSnapshots } from '../schema'

/** One point of a position's mark-to-market time series. */
export interface PositionSnapshot {
  readonly timestampMs: number
  readonly positionId: string
  readonly symbol: string
  readonly currentPrice: Decimal
  readonly unrealizedPnl: Decimal
  readonly unrealizedPnlPct: Decimal
}

/** Writes and reads position_snapshots; a second snapshot at the same instant is ignored. */
export class PositionSnapshotRepository {
  constructor(private readonly db: Database) {}

  async insertMany(snapshots: readonly PositionSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return
    await this.db
      .insert(positionSnapshots)
      .values(
        snapshots.map((snapshot) => ({
          timestamp: new Date(snapshot.timestampMs),
          positionId: snapshot.positionId,
          symbol: snapshot.symbol,
          currentPrice: snapshot.currentPrice,
          unrealizedPnl: snapshot.unrealizedPnl,
          unrealizedPnlPct: snapshot.unrealizedPnlPct,
        })),
      )
      .onConflictDoNothing()
  }

  /** Returns a position's snapshots, oldest first. */
  async forPosition(positionId: string): Promise<PositionSnapshot[]> {
    const rows = await this.db
      .select()
      .from(positionSnapshots)
      .where(eq(positionSnapshots.positionId, positionId))
      .orderBy(asc(positionSnapshots.timestamp))
    return rows.map((row) => ({
      timestampMs: row.timestamp.getTime(),
      positionId: row.positionId,
      symbol: row.symbol,
      currentPrice: row.currentPrice,
      unrealizedPnl: row.unrealizedPnl,
      unrealizedPnlPct: row.unrealizedPnlPct,
    }))
  }
}
