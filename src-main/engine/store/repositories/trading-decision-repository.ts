import type Decimal from 'decimal.js'
import { desc, eq } from 'drizzle-orm'
import type { Database } from '../database'
import { tradingDecisions } from '../schema'
import { WriteBehind } from '../write-behind'

/** The consensus of one Trading Decision run. */
export interface TradingDecisionRecord {
  /** Made by the agent from its id source (random UUIDs unless a replay or test injects one). */
  readonly id: string
  readonly correlationId: string
  readonly symbol: string
  readonly createdAtMs: number
  readonly action: string
  readonly confidence: number
  readonly entryPrice: Decimal | null
  readonly stopLoss: Decimal | null
  readonly takeProfit: Decimal | null
  readonly leverage: number
  /** Share of valid votes for the action. */
  readonly agreement: number
  /** Every model's vote, as stored JSON. */
  readonly votes: unknown
  readonly reasoning: string | null
  readonly usedFallbackStrategy: boolean
}

/** A stored decision: what was stored, read back. */
export type StoredTradingDecision = TradingDecisionRecord

/** Stores trading decisions and reads them back. */
export class TradingDecisionRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores a decision (or queues it, see {@link WriteBehind}); returns its id. */
  async insert(record: TradingDecisionRecord): Promise<string> {
    await this.writes.append(tradingDecisions, {
      id: record.id,
      correlationId: record.correlationId,
      symbol: record.symbol,
      createdAt: new Date(record.createdAtMs),
      action: record.action,
      confidence: record.confidence,
      entryPrice: record.entryPrice,
      stopLoss: record.stopLoss,
      takeProfit: record.takeProfit,
      leverage: record.leverage,
      agreement: record.agreement,
      votes: record.votes,
      reasoning: record.reasoning,
      usedFallbackStrategy: record.usedFallbackStrategy,
    })
    return record.id
  }

  /** Returns one decision, or null. */
  async byId(id: string): Promise<StoredTradingDecision | null> {
    await this.writes.flush(tradingDecisions)
    const [row] = await this.db.select().from(tradingDecisions).where(eq(tradingDecisions.id, id))
    return row ? toRecord(row) : null
  }

  /** Returns a symbol's newest decisions first. */
  async recent(symbol: string, limit = 50): Promise<StoredTradingDecision[]> {
    await this.writes.flush(tradingDecisions)
    const rows = await this.db
      .select()
      .from(tradingDecisions)
      .where(eq(tradingDecisions.symbol, symbol))
      .orderBy(desc(tradingDecisions.createdAt))
      .limit(limit)
    return rows.map(toRecord)
  }
}

function toRecord(row: typeof tradingDecisions.$inferSelect): StoredTradingDecision {
  return {
    id: row.id,
    correlationId: row.correlationId,
    symbol: row.symbol,
    createdAtMs: row.createdAt.getTime(),
    action: row.action,
    confidence: row.confidence,
    entryPrice: row.entryPrice,
    stopLoss: row.stopLoss,
    takeProfit: row.takeProfit,
    leverage: row.leverage,
    agreement: row.agreement,
    votes: row.votes,
    reasoning: row.reasoning,
    usedFallbackStrategy: row.usedFallbackStrategy,
  }
}
