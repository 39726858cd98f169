import type {
  ModelHealthRecord,
  ModelHealthStore,
  StoredModelHealth,
} from '../../llm/model-health-record'
import type { Database } from '../database'
import { llmModelHealth } from '../schema'
import { WriteBehind } from '../write-behind'

/**
 * Keeps each catalogue model's call health, one row per catalogue key. Rows come back
 * unvalidated: the router validates them (see parseModelHealth).
 */
export class LlmModelHealthRepository implements ModelHealthStore {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Returns every saved row. */
  async load(): Promise<StoredModelHealth[]> {
    await this.writes.flush(llmModelHealth)
    const rows = await this.db.select().from(llmModelHealth)
    return rows.map((row) => ({
      model: row.model,
      provider: row.provider,
      modelId: row.modelId,
      consecutiveFailures: row.consecutiveFailures,
      unhealthyUntilMs: row.unhealthyUntil?.getTime() ?? null,
      lastError: row.lastError,
      lastSuccessMs: row.lastSuccessAt?.getTime() ?? null,
      updatedAtMs: row.updatedAt.getTime(),
    }))
  }

  /**
   * Replaces the saved row of the record's model; a save queued behind (see
   * {@link WriteBehind}) is replaced by the next one of the same model.
   */
  save(record: ModelHealthRecord): Promise<void> {
    return this.writes.replace(llmModelHealth, `llm_model_health:${record.model}`, (db) =>
      this.upsert(db, record),
    )
  }

  private async upsert(db: Database, record: ModelHealthRecord): Promise<void> {
    const values = {
      provider: record.provider,
      modelId: record.modelId,
      consecutiveFailures: record.consecutiveFailures,
      unhealthyUntil: record.unhealthyUntilMs === null ? null : new Date(record.unhealthyUntilMs),
      lastError: record.lastError,
      lastSuccessAt: record.lastSuccessMs === null ? null : new Date(record.lastSuccessMs),
      updatedAt: new Date(record.updatedAtMs),
    }
    await db
      .insert(llmModelHealth)
      .values({ model: record.model, ...values })
      .onConflictDoUpdate({ target: llmModelHealth.model, set: values })
  }
}
