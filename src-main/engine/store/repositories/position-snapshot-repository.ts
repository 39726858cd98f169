import type Decimal from 'decimal.js'
import { asc, eq } from 'drizzle-orm'
import type { Database } from '../database'
import { positions, positionSnapshots } from '../schema'
import { WriteBehind, type AppendOptions } from '../write-behind'

/** A repeat at the same instant is ignored; the position is written first. */
const INSERT: AppendOptions = { isConflictIgnored: true, references: [positions] }

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
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores snapshots (or queues them, see {@link WriteBehind}). */
  async insertMany(snapshots: readonly PositionSnapshot[]): Promise<void> {
    const written = snapshots.map((snapshot) =>
      this.writes.append(
        positionSnapshots,
        {
          timestamp: new Date(snapshot.timestampMs),
          positionId: snapshot.positionId,
          symbol: snapshot.symbol,
          currentPrice: snapshot.currentPrice,
          unrealizedPnl: snapshot.unrealizedPnl,
          unrealizedPnlPct: snapshot.unrealizedPnlPct,
        },
        INSERT,
      ),
    )
    await Promise.all(written)
  }

  /** Returns a position's snapshots, oldest first. */
  async forPosition(positionId: string): Promise<PositionSnapshot[]> {
    await this.writes.flush(positionSnapshots)
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
