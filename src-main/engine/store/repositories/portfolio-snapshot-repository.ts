import type Decimal from 'decimal.js'
import { and, asc, gte, lte, type SQL } from 'drizzle-orm'
import type { Database } from '../database'
import { portfolioSnapshots } from '../schema'
import { WriteBehind } from '../write-behind'

/** The portfolio at one moment (portfolio_snapshots). */
export interface PortfolioSnapshot {
  readonly timestampMs: number
  readonly equity: Decimal
  readonly realizedPnl: Decimal
  readonly unrealizedPnl: Decimal
  /** Balance per asset, as decimal strings. */
  readonly balances: Readonly<Record<string, string>>
}

/** A point of the equity curve. */
export interface EquitySample {
  readonly timestampMs: number
  readonly equity: Decimal
}

/** Equity, P&L and balances over time; the source of the equity curve. */
export class PortfolioSnapshotRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores a snapshot; a second one at the same millisecond replaces the first. */
  async record(snapshot: PortfolioSnapshot): Promise<void> {
    await this.writes.append(
      portfolioSnapshots,
      {
        timestamp: new Date(snapshot.timestampMs),
        equity: snapshot.equity,
        realizedPnl: snapshot.realizedPnl,
        unrealizedPnl: snapshot.unrealizedPnl,
        balances: snapshot.balances,
      },
      { upsertOn: portfolioSnapshots.timestamp },
    )
  }

  /** Returns the equity of the snapshots in [fromMs, toMs] (either end open when omitted), oldest first. */
  async equityRange(range: { fromMs?: number; toMs?: number } = {}): Promise<EquitySample[]> {
    const conditions: SQL[] = []
    if (range.fromMs !== undefined) {
      conditions.push(gte(portfolioSnapshots.timestamp, new Date(range.fromMs)))
    }
    if (range.toMs !== undefined) {
      conditions.push(lte(portfolioSnapshots.timestamp, new Date(range.toMs)))
    }
    await this.writes.flush(portfolioSnapshots)
    const rows = await this.db
      .select({ timestamp: portfolioSnapshots.timestamp, equity: portfolioSnapshots.equity })
      .from(portfolioSnapshots)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(asc(portfolioSnapshots.timestamp))
    return rows.map((row) => ({ timestampMs: row.timestamp.getTime(), equity: row.equity }))
  }
}
