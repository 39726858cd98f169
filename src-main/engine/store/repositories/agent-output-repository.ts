import type Decimal from 'decimal.js'
import { and, desc, eq, type SQL } from 'drizzle-orm'
import type { Database } from '../database'
import { agentOutputs } from '../schema'
import { WriteBehind } from '../write-behind'

/** One agent run's answer from one model, valid or not. */
export interface AgentOutputRecord {
  /** Made by the agent from its id source (random UUIDs unless a replay or test injects one). */
  readonly id: string
  readonly agent: string
  readonly symbol: string | null
  readonly provider: string
  readonly model: string
  readonly correlationId: string | null
  readonly createdAtMs: number
  readonly latencyMs: number
  readonly inputTokens: number
  readonly outputTokens: number
  readonly costUsd: Decimal
  readonly rawText: string
  /** The validated output, null when invalid. */
  readonly output: unknown
  readonly isValid: boolean
  readonly error: string | null
}

/** A stored agent output: what was stored, read back. */
export type StoredAgentOutput = AgentOutputRecord

/** Stores every agent output and reads the latest ones back. */
export class AgentOutputRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores one output (or queues it, see {@link WriteBehind}); returns its id. */
  async insert(record: AgentOutputRecord): Promise<string> {
    await this.writes.append(agentOutputs, {
      id: record.id,
      agent: record.agent,
      symbol: record.symbol,
      provider: record.provider,
      model: record.model,
      correlationId: record.correlationId,
      createdAt: new Date(record.createdAtMs),
      latencyMs: Math.round(record.latencyMs),
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      costUsd: record.costUsd,
      rawText: record.rawText,
      output: record.output ?? null,
      isValid: record.isValid,
      error: record.error,
    })
    return record.id
  }

  /** Returns the newest valid output of an agent for a symbol, or null. */
  async latestValid(agent: string, symbol: string | null): Promise<StoredAgentOutput | null> {
    const [row] = await this.query(
      and(eq(agentOutputs.agent, agent), symbolIs(symbol), eq(agentOutputs.isValid, true)),
      1,
    )
    return row ?? null
  }

  /** Returns the newest outputs first, optionally for one agent and symbol. */
  async recent(
    filter: { agent?: string; symbol?: string; correlationId?: string } = {},
    limit = 100,
  ): Promise<StoredAgentOutput[]> {
    return this.query(
      and(
        filter.agent === undefined ? undefined : eq(agentOutputs.agent, filter.agent),
        filter.symbol === undefined ? undefined : eq(agentOutputs.symbol, filter.symbol),
        filter.correlationId === undefined
          ? undefined
          : eq(agentOutputs.correlationId, filter.correlationId),
      ),
      limit,
    )
  }

  private async query(where: SQL | undefined, limit: number): Promise<StoredAgentOutput[]> {
    await this.writes.flush(agentOutputs)
    const rows = await this.db
      .select()
      .from(agentOutputs)
      .where(where)
      .orderBy(desc(agentOutputs.createdAt))
      .limit(limit)
    return rows.map((row) => ({
      id: row.id,
      agent: row.agent,
      symbol: row.symbol,
      provider: row.provider,
      model: row.model,
      correlationId: row.correlationId,
      createdAtMs: row.createdAt.getTime(),
      latencyMs: row.latencyMs,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd,
      rawText: row.rawText,
      output: row.output,
      isValid: row.isValid,
      error: row.error,
    }))
  }
}

function symbolIs(symbol: string | null): SQL | undefined {
  return symbol === null ? undefined : eq(agentOutputs.symbol, symbol)
}
