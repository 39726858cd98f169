import Decimal from 'decimal.js'
import { and, desc, gte, lt, sql } from 'drizzle-orm'
import type { LlmCallRecord, LlmCallSink } from '../../llm/llm-call-record'
import type { ProviderName } from '../../llm/llm-types'
import type { Database } from '../database'
import { llmCalls } from '../schema'
import { WriteBehind } from '../write-behind'

/** Calls, tokens and cost of one provider model over a period. */
export interface LlmCostSummary {
  readonly provider: string
  readonly model: string
  readonly calls: number
  readonly failures: number
  readonly inputTokens: number
  readonly outputTokens: number
  readonly costUsd: Decimal
}

/** Stores the accounting row of every LLM call and sums cost and tokens. */
export class LlmCallRepository implements LlmCallSink {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores one call's accounting row (or queues it, see {@link WriteBehind}). */
  async record(call: LlmCallRecord): Promise<void> {
    await this.writes.append(llmCalls, {
      createdAt: new Date(call.createdAtMs),
      agent: call.agent,
      provider: call.provider,
      model: call.model,
      correlationId: call.correlationId,
      requestHash: call.requestHash,
      purpose: call.purpose,
      latencyMs: Math.round(call.latencyMs),
      inputTokens: call.inputTokens,
      outputTokens: call.outputTokens,
      costUsd: call.costUsd,
      isSuccess: call.isSuccess,
      isFromRecording: call.isFromRecording,
      error: call.error,
    })
  }

  /** Returns the newest calls first. */
  async recent(limit = 100): Promise<LlmCallRecord[]> {
    await this.writes.flush(llmCalls)
    const rows = await this.db
      .select()
      .from(llmCalls)
      .orderBy(desc(llmCalls.createdAt))
      .limit(limit)
    return rows.map((row) => ({
      createdAtMs: row.createdAt.getTime(),
      agent: row.agent,
      provider: row.provider as ProviderName,
      model: row.model,
      correlationId: row.correlationId,
      requestHash: row.requestHash,
      purpose: row.purpose as LlmCallRecord['purpose'],
      latencyMs: row.latencyMs,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd,
      isSuccess: row.isSuccess,
      isFromRecording: row.isFromRecording,
      error: row.error,
    }))
  }

  /** Sums calls, tokens and cost per provider model for calls in [fromMs, toMs). */
  async costSummary(fromMs: number, toMs: number): Promise<LlmCostSummary[]> {
    await this.writes.flush(llmCalls)
    const rows = await this.db
      .select({
        provider: llmCalls.provider,
        model: llmCalls.model,
        calls: sql<number>`count(*)::int`,
        failures: sql<number>`(count(*) filter (where not ${llmCalls.isSuccess}))::int`,
        inputTokens: sql<number>`coalesce(sum(${llmCalls.inputTokens}), 0)::bigint`,
        outputTokens: sql<number>`coalesce(sum(${llmCalls.outputTokens}), 0)::bigint`,
        costUsd: sql<string>`coalesce(sum(${llmCalls.costUsd}), 0)::text`,
      })
      .from(llmCalls)
      .where(and(gte(llmCalls.createdAt, new Date(fromMs)), lt(llmCalls.createdAt, new Date(toMs))))
      .groupBy(llmCalls.provider, llmCalls.model)
      .orderBy(llmCalls.provider, llmCalls.model)
    return rows.map((row) => ({
      provider: row.provider,
      model: row.model,
      calls: Number(row.calls),
      failures: Number(row.failures),
      inputTokens: Number(row.inputTokens),
      outputTokens: Number(row.outputTokens),
      costUsd: new Decimal(row.costUsd),
    }))
  }
}
