import { eq } from 'drizzle-orm'
import type { Database } from '../database'
import { coordinatorState } from '../schema'
import { WriteBehind } from '../write-behind'

/**
 * The coordinator's saved state as stored. The JSON columns come back as `unknown`: the
 * coordinator validates them (data read from disk is input like any other).
 */
export interface CoordinatorStateRow {
  state: string
  degradationLevel: string
  tasks: unknown
  statistics: unknown
  pausedSymbols: unknown
  degradationHistory: unknown
  /** Absent from rows saved before it was kept. */
  resumeAfterBreakers?: string | null
  updatedAtMs: number
}

/** Reads and writes the coordinator's state row (one row per coordinator id). */
export class CoordinatorStateRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Returns the saved state of a coordinator, or null when none was saved. */
  async load(id: string): Promise<CoordinatorStateRow | null> {
    await this.writes.flush(coordinatorState)
    const [row] = await this.db.select().from(coordinatorState).where(eq(coordinatorState.id, id))
    if (row === undefined) return null
    return {
      state: row.state,
      degradationLevel: row.degradationLevel,
      tasks: row.tasks,
      statistics: row.statistics,
      pausedSymbols: row.pausedSymbols,
      degradationHistory: row.degradationHistory,
      resumeAfterBreakers: row.resumeAfterBreakers,
      updatedAtMs: row.updatedAt.getTime(),
    }
  }

  /**
   * Saves the state of a coordinator, replacing what was saved before; a save queued behind
   * (see {@link WriteBehind}) is replaced by the next one.
   */
  save(id: string, row: CoordinatorStateRow): Promise<void> {
    return this.writes.replace(coordinatorState, `coordinator_state:${id}`, (db) =>
      this.upsert(db, id, row),
    )
  }

  private async upsert(db: Database, id: string, row: CoordinatorStateRow): Promise<void> {
    const values = {
      state: row.state,
      degradationLevel: row.degradationLevel,
      tasks: row.tasks,
      statistics: row.statistics,
      pausedSymbols: row.pausedSymbols,
      degradationHistory: row.degradationHistory,
      resumeAfterBreakers: row.resumeAfterBreakers ?? null,
      updatedAt: new Date(row.updatedAtMs),
    }
    await db
      .insert(coordinatorState)
      .values({ id, ...values })
      .onConflictDoUpdate({ target: coordinatorState.id, set: values })
  }
}
