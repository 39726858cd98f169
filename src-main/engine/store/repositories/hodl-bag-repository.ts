import Decimal from 'decimal.js'
import { asc, eq, sql } from 'drizzle-orm'
import type { Database } from '../database'
import { hodlBagHistory, hodlBags } from '../schema'

/** One change of a hodl bag. */
export interface HodlBagChange {
  readonly asset: string
  readonly change: Decimal
  readonly balanceAfter: Decimal
  readonly reason: string
  readonly sourcePositionId: string | null
  readonly createdAtMs: number
}

/** Hodl bag balances and their history; every change writes both in one transaction. */
export class HodlBagRepository {
  constructor(private readonly db: Database) {}

  /** Returns the amount held for an asset (0 when it has no bag). */
  async amount(asset: string): Promise<Decimal> {
    const [row] = await this.db.select().from(hodlBags).where(eq(hodlBags.asset, asset))
    return row ? row.amount : new Decimal(0)
  }

  /** Returns every bag's amount by asset. */
  async all(): Promise<Record<string, Decimal>> {
    const rows = await this.db.select().from(hodlBags).orderBy(asc(hodlBags.asset))
    return Object.fromEntries(rows.map((row) => [row.asset, row.amount]))
  }

  /** Adds `change` (may be negative) to an asset's bag and records why; returns the new amount. */
  async add(
    asset: string,
    change: Decimal,
    reason: string,
    sourcePositionId: string | null,
    atMs: number,
  ): Promise<Decimal> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(hodlBags)
        .values({ asset, amount: change, updatedAt: new Date(atMs) })
        .onConflictDoUpdate({
          target: hodlBags.asset,
          set: {
            amount: sql`${hodlBags.amount} + ${change.toString()}::numeric`,
            updatedAt: new Date(atMs),
          },
        })
        .returning({ amount: hodlBags.amount })
      const balanceAfter = row!.amount
      await tx.insert(hodlBagHistory).values({
        asset,
        change,
        balanceAfter,
        reason,
        sourcePositionId,
        createdAt: new Date(atMs),
      })
      return balanceAfter
    })
  }

  /** Returns an asset's changes, oldest first. */
  async history(asset: string): Promise<HodlBagChange[]> {
    const rows = await this.db
      .select()
      .from(hodlBagHistory)
      .where(eq(hodlBagHistory.asset, asset))
      .orderBy(asc(hodlBagHistory.id))
    return rows.map((row) => ({
      asset: row.asset,
      change: row.change,
      balanceAfter: row.balanceAfter,
      reason: row.reason,
      sourcePositionId: row.sourcePositionId,
      createdAtMs: row.createdAt.getTime(),
    }))
  }
}
