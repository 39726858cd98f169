import { eq } from 'drizzle-orm'
import {
  parseRiskStateRecord,
  toRiskStateRecord,
  type RiskState,
  type RiskStateRepository,
} from '../../risk'
import type { Database } from '../database'
import { riskState } from '../schema'
import { WriteBehind } from '../write-behind'

/**
 * Keeps the risk engine's state as one JSON row of `risk_state` (decimals as strings).
 * A row that no longer parses fails `load` with the offending paths rather than letting
 * the engine start blank, which could re-arm a tripped breaker.
 */
export class DatabaseRiskStateRepository implements RiskStateRepository {
  /** `key` names the row, so that several engines (e.g. replay runs) can share a database. */
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
    private readonly key = 'risk_engine',
  ) {}

  async load(): Promise<RiskState | null> {
    await this.writes.flush(riskState)
    const [row] = await this.db.select().from(riskState).where(eq(riskState.id, this.key))
    if (!row) return null
    try {
      return parseRiskStateRecord(row.state)
    } catch (error) {
      throw new Error(`risk_state row id=${this.key} cannot be restored`, { cause: error })
    }
  }

  /** Saves the state, replacing the saved one; a save queued behind (see {@link WriteBehind}) is replaced by the next one. */
  save(state: RiskState): Promise<void> {
    return this.writes.replace(riskState, `risk_state:${this.key}`, (db) => this.upsert(db, state))
  }

  private async upsert(db: Database, state: RiskState): Promise<void> {
    const record = toRiskStateRecord(state)
    const updatedAt = new Date(state.updatedAt)
    await db
      .insert(riskState)
      .values({ id: this.key, state: record, updatedAt })
      .onConflictDoUpdate({ target: riskState.id, set: { state: record, updatedAt } })
  }
}
