import { asc, desc, eq } from 'drizzle-orm'
import type { Database } from '../database'
import { conflictResolutionLog } from '../schema'

/** One detected conflict and how it was resolved. */
export interface ConflictResolutionEntry {
  createdAtMs: number
  correlationId: string | null
  symbol: string | null
  /** The conflicts as detected (type, description, details). */
  conflicts: unknown
  action: string
  confidence: number
  reasoning: string
  modifications: unknown
  /** The model whose answer decided; null when the conservative default did. */
  model: string | null
  latencyMs: number
  usedDefault: boolean
}

/** Appends to and reads conflict_resolution_log. */
export class ConflictResolutionRepository {
  constructor(private readonly db: Database) {}

  /** Stores one resolution and returns its id. */
  async record(entry: ConflictResolutionEntry): Promise<string> {
    const [row] = await this.db
      .insert(conflictResolutionLog)
      .values({
        createdAt: new Date(entry.createdAtMs),
        correlationId: entry.correlationId,
        symbol: entry.symbol,
        conflicts: entry.conflicts,
        action: entry.action,
        confidence: entry.confidence,
        reasoning: entry.reasoning,
        modifications: entry.modifications ?? null,
        model: entry.model,
        latencyMs: Math.round(entry.latencyMs),
        usedDefault: entry.usedDefault,
      })
      .returning({ id: conflictResolutionLog.id })
    return (row as { id: string }).id
  }

  /** Returns the resolutions of one flow, oldest first. */
  async byCorrelationId(correlationId: string): Promise<ConflictResolutionEntry[]> {
    const rows = await this.db
      .select()
      .from(conflictResolutionLog)
      .where(eq(conflictResolutionLog.correlationId, correlationId))
      .orderBy(asc(conflictResolutionLog.createdAt))
    return rows.map(toEntry)
  }

  /** Returns the newest `limit` resolutions, newest first. */
  async recent(limit: number): Promise<ConflictResolutionEntry[]> {
    const rows = await this.db
      .select()
      .from(conflictResolutionLog)
      .orderBy(desc(conflictResolutionLog.createdAt))
      .limit(limit)
    return rows.map(toEntry)
  }
}

function toEntry(row: typeof conflictResolutionLog.$inferSelect): ConflictResolutionEntry {
  return {
    createdAtMs: row.createdAt.getTime(),
    correlationId: row.correlationId,
    symbol: row.symbol,
    conflicts: row.conflicts,
    action: row.action,
    confidence: row.confidence,
    reasoning: row.reasoning,
    modifications: row.modifications,
    model: row.model,
    latencyMs: row.latencyMs,
    usedDefault: row.usedDefault,
  }
}
