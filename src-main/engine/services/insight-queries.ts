import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm'
import type {
  AgentOutput,
  DecisionTrace,
  TradingDecision,
  TraceStep,
} from '../../../src-shared/contract'
import type { WriteBehind } from '../store/write-behind'
import type { Database } from '../store'
import { schema } from '../store'
import { fillsOldestFirst } from '../store/schema/fills'
import { ordersOldestFirst } from '../store/schema/orders'
import { formatConfidence } from '../../../src-shared/confidence-text'
import { asWords } from '../../../src-shared/words'

const {
  agentOutputs,
  conflictResolutionLog,
  executionEvents,
  fills,
  modelComparisons,
  orders,
  riskEvents,
  tradingDecisions,
} = schema

/** The tables a trace reads, flushed before it so queued rows are seen. */
const TRACE_TABLES = [
  agentOutputs,
  tradingDecisions,
  modelComparisons,
  conflictResolutionLog,
  riskEvents,
  orders,
  fills,
  executionEvents,
]

/**
 * Read models for the Decisions view: recent agent outputs, trading decisions with every
 * model's vote, and the whole trace of one correlation id from signal to fill.
 */
export class InsightQueries {
  constructor(
    private readonly db: Database,
    /** The tables a read reads are flushed before it, so queued rows are seen. */
    private readonly writes: Pick<WriteBehind, 'flush'>,
  ) {}

  /** Returns the newest agent outputs, filtered by agent and symbol. */
  async agentOutputs(filter: {
    agent?: string
    symbol?: string
    limit: number
  }): Promise<AgentOutput[]> {
    await this.writes.flush(agentOutputs)
    const conditions: SQL[] = []
    if (filter.agent) conditions.push(eq(agentOutputs.agent, filter.agent))
    if (filter.symbol) conditions.push(eq(agentOutputs.symbol, filter.symbol))
    const rows = await this.db
      .select()
      .from(agentOutputs)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(agentOutputs.createdAt))
      .limit(filter.limit)
    return rows.map((row) => ({
      id: row.id,
      agent: row.agent,
      symbol: row.symbol,
      provider: row.provider,
      model: row.model,
      correlationId: row.correlationId,
      createdAt: row.createdAt.getTime(),
      latencyMs: row.latencyMs,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd.toFixed(),
      isValid: row.isValid,
      output: row.output ?? null,
      error: row.error,
    }))
  }

  /** Returns the newest trading decisions with each model's vote. */
  async recentDecisions(filter: { symbol?: string; limit: number }): Promise<TradingDecision[]> {
    await this.writes.flush(tradingDecisions, modelComparisons)
    const rows = await this.db
      .select()
      .from(tradingDecisions)
      .where(filter.symbol ? eq(tradingDecisions.symbol, filter.symbol) : undefined)
      .orderBy(desc(tradingDecisions.createdAt))
      .limit(filter.limit)
    if (rows.length === 0) return []
    const votes = await this.db
      .select()
      .from(modelComparisons)
      .where(
        inArray(
          modelComparisons.decisionId,
          rows.map((row) => row.id),
        ),
      )
      .orderBy(asc(modelComparisons.model))
    return rows.map((row) => ({
      id: row.id,
      correlationId: row.correlationId,
      symbol: row.symbol,
      createdAt: row.createdAt.getTime(),
      action: row.action,
      confidence: row.confidence,
      entryPrice: row.entryPrice?.toFixed() ?? null,
      stopLoss: row.stopLoss?.toFixed() ?? null,
      takeProfit: row.takeProfit?.toFixed() ?? null,
      leverage: row.leverage,
      agreement: row.agreement,
      votes: votes
        .filter((vote) => vote.decisionId === row.id)
        .map((vote) => ({
          model: vote.model,
          provider: vote.provider,
          action: vote.action,
          confidence: vote.confidence,
          latencyMs: vote.latencyMs,
          costUsd: vote.costUsd.toFixed(),
          isValid: vote.isValid,
          error: vote.error,
          agreedWithConsensus: vote.agreedWithConsensus,
          wasAsked: vote.wasAsked,
        })),
    }))
  }

  /** Returns everything tied to one correlation id, in time order; empty steps when unknown. */
  async trace(correlationId: string): Promise<DecisionTrace> {
    await this.writes.flush(...TRACE_TABLES)
    const steps: TraceStep[] = []
    let symbol: string | null = null
    const byCorrelation = <T extends { correlationId: unknown }>(table: T) =>
      eq(table.correlationId as never, correlationId)

    for (const row of await this.db
      .select()
      .from(agentOutputs)
      .where(byCorrelation(agentOutputs))) {
      symbol ??= row.symbol
      steps.push({
        at: row.createdAt.getTime(),
        kind: 'signal',
        title: `${asWords(row.agent)} by ${row.model}${row.isValid ? '' : ' (invalid)'}`,
        detail: { output: row.output, error: row.error, latencyMs: row.latencyMs },
      })
    }
    for (const row of await this.db
      .select()
      .from(tradingDecisions)
      .where(byCorrelation(tradingDecisions))) {
      symbol ??= row.symbol
      steps.push({
        at: row.createdAt.getTime(),
        kind: 'decision',
        title: `consensus ${row.action} confidence ${formatConfidence(row.confidence)} agreement ${formatConfidence(row.agreement)}`,
        detail: {
          entryPrice: row.entryPrice?.toFixed() ?? null,
          stopLoss: row.stopLoss?.toFixed() ?? null,
          takeProfit: row.takeProfit?.toFixed() ?? null,
          leverage: row.leverage,
          reasoning: row.reasoning,
        },
      })
    }
    for (const row of await this.db
      .select()
      .from(modelComparisons)
      .where(byCorrelation(modelComparisons))) {
      steps.push({
        at: row.createdAt.getTime(),
        kind: 'vote',
        title: `${row.model}: ${voteTitle(row)}`,
        detail: {
          provider: row.provider,
          latencyMs: row.latencyMs,
          costUsd: row.costUsd.toFixed(),
          agreedWithConsensus: row.agreedWithConsensus,
        },
      })
    }
    for (const row of await this.db
      .select()
      .from(conflictResolutionLog)
      .where(byCorrelation(conflictResolutionLog))) {
      steps.push({
        at: row.createdAt.getTime(),
        kind: 'conflict',
        title: 'conflicts detected',
        detail: { conflicts: row.conflicts },
      })
      steps.push({
        at: row.createdAt.getTime(),
        kind: 'resolution',
        title: `resolution ${row.action}${row.usedDefault ? ' (conservative default)' : ` by ${row.model ?? 'model'}`}`,
        detail: {
          confidence: row.confidence,
          reasoning: row.reasoning,
          modifications: row.modifications,
          latencyMs: row.latencyMs,
        },
      })
    }
    for (const row of await this.db.select().from(riskEvents).where(byCorrelation(riskEvents))) {
      steps.push({
        at: row.createdAt.getTime(),
        kind: 'risk',
        title: `risk ${asWords(row.status ?? row.eventType)}`,
        detail: { reasons: row.reasons, result: row.result },
      })
    }
    // Each table in its own order, so steps of the same millisecond keep it through the sort.
    const orderRows = await this.db
      .select()
      .from(orders)
      .where(byCorrelation(orders))
      .orderBy(...ordersOldestFirst)
    for (const row of orderRows) {
      symbol ??= row.symbol
      steps.push({
        at: row.createdAt.getTime(),
        kind: 'order',
        title: `${asWords(row.role)} ${row.side} ${asWords(row.orderType)} ${row.size.toFixed()} ${row.symbol} → ${asWords(row.status)}`,
        detail: {
          orderId: row.id,
          clientOrderId: row.clientOrderId,
          price: row.price?.toFixed() ?? null,
          error: row.error,
        },
      })
    }
    if (orderRows.length > 0) {
      const fillRows = await this.db
        .select()
        .from(fills)
        .where(
          inArray(
            fills.orderId,
            orderRows.map((row) => row.id),
          ),
        )
        .orderBy(...fillsOldestFirst)
      for (const row of fillRows) {
        steps.push({
          at: row.filledAt.getTime(),
          kind: 'fill',
          // The price goes in the details, which the UI shows as a price ("65,000.00").
          title: `filled ${row.side} ${row.size.toFixed()} ${row.symbol}`,
          detail: {
            price: row.price.toFixed(),
            orderId: row.orderId,
            fee: row.fee.toFixed(),
            feeAsset: row.feeAsset,
          },
        })
      }
    }
    for (const row of await this.db
      .select()
      .from(executionEvents)
      .where(byCorrelation(executionEvents))
      .orderBy(asc(executionEvents.id))) {
      if (!row.eventType.startsWith('position.')) continue
      steps.push({
        at: row.createdAt.getTime(),
        kind: 'position',
        title: asWords(row.eventType),
        detail: row.payload as Record<string, unknown>,
      })
    }
    steps.sort((a, b) => a.at - b.at)
    return { correlationId, symbol, steps }
  }
}

/** What a model's vote says in a trace: its answer, why it failed, or why it was not asked. */
function voteTitle(vote: typeof modelComparisons.$inferSelect): string {
  // Confidences read as the views show them (72%), not as the stored fraction.
  if (vote.isValid) return `${vote.action} ${formatConfidence(vote.confidence)}`
  const reason = vote.error ?? 'invalid'
  return vote.wasAsked ? `no vote (${reason})` : `not asked (${reason})`
}
