import Decimal from 'decimal.js'
import { and, asc, eq, gte, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '../database'
import { modelComparisons } from '../schema'
import { WriteBehind } from '../write-behind'

/** How long after a decision its outcome is checked. */
export type OutcomeHorizon = '1h' | '4h' | '24h'

export const OUTCOME_HORIZONS: readonly OutcomeHorizon[] = ['1h', '4h', '24h']

export const HORIZON_MS: Readonly<Record<OutcomeHorizon, number>> = {
  '1h': 3_600_000,
  '4h': 14_400_000,
  '24h': 86_400_000,
}

/** One model's answer in a Trading Decision run (the A/B record). */
export interface ModelComparisonRecord {
  /** Made by the agent from its id source (random UUIDs unless a replay or test injects one). */
  readonly id: string
  readonly decisionId: string
  readonly correlationId: string
  readonly symbol: string
  readonly provider: string
  readonly model: string
  readonly createdAtMs: number
  /** Null when the model gave no valid answer. */
  readonly action: string | null
  readonly confidence: number | null
  readonly entryPrice: Decimal | null
  readonly stopLoss: Decimal | null
  readonly takeProfit: Decimal | null
  readonly latencyMs: number
  readonly costUsd: Decimal
  readonly isValid: boolean
  readonly isBaseline: boolean
  /** False when the model was never asked (no request sent): no vote, no latency. */
  readonly wasAsked: boolean
  readonly error: string | null
  readonly agreedWithConsensus: boolean | null
  readonly priceAtDecision: Decimal | null
}

export interface StoredModelComparison extends ModelComparisonRecord {
  readonly outcomes: Readonly<
    Record<OutcomeHorizon, { price: Decimal | null; isCorrect: boolean | null }>
  >
}

/** How one model has done in the A/B comparison. Rates are null when nothing was judged. */
export interface ModelStats {
  readonly provider: string
  readonly model: string
  readonly isBaseline: boolean
  /** Decisions the model was listed in, asked or not. */
  readonly answers: number
  /** Those it was asked in: a request was sent. */
  readonly askedAnswers: number
  readonly validAnswers: number
  readonly agreementRate: number | null
  readonly hitRate: Readonly<Record<OutcomeHorizon, number | null>>
  /** Over the answers it was asked for; null when it was never asked. */
  readonly averageLatencyMs: number | null
  readonly costUsd: Decimal
}

/** The outcome of one answer at one horizon. */
export interface ComparisonOutcome {
  readonly id: string
  readonly price: Decimal
  /** Null when the answer is not judged (CLOSE, invalid). */
  readonly isCorrect: boolean | null
}

const PRICE_COLUMN = {
  '1h': modelComparisons.priceAfter1h,
  '4h': modelComparisons.priceAfter4h,
  '24h': modelComparisons.priceAfter24h,
} as const

const CORRECT_COLUMN = {
  '1h': modelComparisons.correctAfter1h,
  '4h': modelComparisons.correctAfter4h,
  '24h': modelComparisons.correctAfter24h,
} as const

/** Outcomes per UPDATE: three parameters each, well under PostgreSQL's 65,535. */
const OUTCOMES_PER_STATEMENT = 1000

/** Stores the A/B record of Trading Decision runs and the outcomes filled in later. */
export class ModelComparisonRepository {
  /** Outcomes given to {@link recordOutcomes} and not written yet, per horizon, by answer id. */
  private readonly unwrittenOutcomes = new Map<OutcomeHorizon, Map<string, ComparisonOutcome>>()

  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores a run's answers (or queues them, see {@link WriteBehind}); returns their ids in order. */
  async insertMany(records: readonly ModelComparisonRecord[]): Promise<string[]> {
    const rows = records.map((record) => ({
      id: record.id,
      decisionId: record.decisionId,
      correlationId: record.correlationId,
      symbol: record.symbol,
      provider: record.provider,
      model: record.model,
      createdAt: new Date(record.createdAtMs),
      action: record.action,
      confidence: record.confidence,
      entryPrice: record.entryPrice,
      stopLoss: record.stopLoss,
      takeProfit: record.takeProfit,
      latencyMs: Math.round(record.latencyMs),
      costUsd: record.costUsd,
      isValid: record.isValid,
      isBaseline: record.isBaseline,
      wasAsked: record.wasAsked,
      error: record.error,
      agreedWithConsensus: record.agreedWithConsensus,
      priceAtDecision: record.priceAtDecision,
    }))
    await this.writes.appendMany(modelComparisons, rows)
    return rows.map((row) => row.id)
  }

  /** Returns the answers of one decision, in model order. */
  async forDecision(decisionId: string): Promise<StoredModelComparison[]> {
    return this.select(eq(modelComparisons.decisionId, decisionId))
  }

  /**
   * Returns every answer still waiting for an outcome of some horizon (those without a price
   * at the decision are never judged), oldest first.
   */
  async awaitingOutcomes(): Promise<StoredModelComparison[]> {
    return this.select(
      and(
        isNotNull(modelComparisons.priceAtDecision),
        or(...OUTCOME_HORIZONS.map((horizon) => isNull(PRICE_COLUMN[horizon]))),
      ),
    )
  }

  /**
   * Fills in the price after `horizon` and whether each answer was right (null: not judged),
   * or queues it (see {@link WriteBehind}): the outcomes queued until the next write are
   * written in one statement per horizon.
   */
  async recordOutcomes(
    horizon: OutcomeHorizon,
    outcomes: readonly ComparisonOutcome[],
  ): Promise<void> {
    if (outcomes.length === 0) return
    const queued = this.unwrittenOutcomes.get(horizon) ?? new Map<string, ComparisonOutcome>()
    for (const outcome of outcomes) queued.set(outcome.id, outcome)
    this.unwrittenOutcomes.set(horizon, queued)
    // The outcomes recorded so far, not those recorded by the time it runs: a later one may
    // fill an answer whose row is not written before this write (see WriteBehind.replace).
    const taken = [...queued.values()]
    await this.writes.replace(modelComparisons, `model_comparisons:outcomes:${horizon}`, (db) =>
      this.writeOutcomes(db, horizon, taken),
    )
  }

  /** Returns per-model statistics over answers created at or after `sinceMs`. */
  async modelStats(sinceMs = 0): Promise<ModelStats[]> {
    const rate = (column: AnyPgColumn) =>
      sql<number | null>`(count(*) filter (where ${column}))::float8 / nullif(count(${column}), 0)`
    const wasAsked = modelComparisons.wasAsked
    await this.writes.flush(modelComparisons)
    const rows = await this.db
      .select({
        provider: modelComparisons.provider,
        model: modelComparisons.model,
        isBaseline: modelComparisons.isBaseline,
        answers: sql<number>`count(*)::int`,
        askedAnswers: sql<number>`(count(*) filter (where ${wasAsked}))::int`,
        validAnswers: sql<number>`(count(*) filter (where ${modelComparisons.isValid}))::int`,
        agreementRate: rate(modelComparisons.agreedWithConsensus),
        hit1h: rate(modelComparisons.correctAfter1h),
        hit4h: rate(modelComparisons.correctAfter4h),
        hit24h: rate(modelComparisons.correctAfter24h),
        averageLatencyMs: sql<
          number | null
        >`(avg(${modelComparisons.latencyMs}) filter (where ${wasAsked}))::float8`,
        costUsd: sql<string>`coalesce(sum(${modelComparisons.costUsd}), 0)::text`,
      })
      .from(modelComparisons)
      .where(gte(modelComparisons.createdAt, new Date(sinceMs)))
      .groupBy(modelComparisons.provider, modelComparisons.model, modelComparisons.isBaseline)
      .orderBy(asc(modelComparisons.provider), asc(modelComparisons.model))
    return rows.map((row) => ({
      provider: row.provider,
      model: row.model,
      isBaseline: row.isBaseline,
      answers: Number(row.answers),
      askedAnswers: Number(row.askedAnswers),
      validAnswers: Number(row.validAnswers),
      agreementRate: nullableNumber(row.agreementRate),
      hitRate: {
        '1h': nullableNumber(row.hit1h),
        '4h': nullableNumber(row.hit4h),
        '24h': nullableNumber(row.hit24h),
      },
      averageLatencyMs: nullableNumber(row.averageLatencyMs),
      costUsd: new Decimal(row.costUsd),
    }))
  }

  private async writeOutcomes(
    db: Database,
    horizon: OutcomeHorizon,
    outcomes: readonly ComparisonOutcome[],
  ): Promise<void> {
    const unwritten = this.unwrittenOutcomes.get(horizon)
    // Outcomes recorded since this write was queued stay: the newer write of the horizon has them.
    for (const outcome of outcomes) {
      if (unwritten?.get(outcome.id) === outcome) unwritten.delete(outcome.id)
    }
    const price = sql.identifier(PRICE_COLUMN[horizon].name)
    const correct = sql.identifier(CORRECT_COLUMN[horizon].name)
    for (let start = 0; start < outcomes.length; start += OUTCOMES_PER_STATEMENT) {
      const values = outcomes
        .slice(start, start + OUTCOMES_PER_STATEMENT)
        .map(
          (outcome) =>
            sql`(${outcome.id}::uuid, ${outcome.price.toString()}::numeric, ${outcome.isCorrect}::boolean)`,
        )
      await db.execute(
        sql`update ${modelComparisons} set ${price} = outcome.price, ${correct} = outcome.is_correct from (values ${sql.join(values, sql`, `)}) as outcome (id, price, is_correct) where ${modelComparisons.id} = outcome.id`,
      )
    }
  }

  private async select(where: SQL | undefined): Promise<StoredModelComparison[]> {
    await this.writes.flush(modelComparisons)
    const rows = await this.db
      .select()
      .from(modelComparisons)
      .where(where)
      .orderBy(
        asc(modelComparisons.createdAt),
        asc(modelComparisons.provider),
        asc(modelComparisons.model),
      )
    return rows.map((row) => ({
      id: row.id,
      decisionId: row.decisionId,
      correlationId: row.correlationId,
      symbol: row.symbol,
      provider: row.provider,
      model: row.model,
      createdAtMs: row.createdAt.getTime(),
      action: row.action,
      confidence: row.confidence,
      entryPrice: row.entryPrice,
      stopLoss: row.stopLoss,
      takeProfit: row.takeProfit,
      latencyMs: row.latencyMs,
      costUsd: row.costUsd,
      isValid: row.isValid,
      isBaseline: row.isBaseline,
      wasAsked: row.wasAsked,
      error: row.error,
      agreedWithConsensus: row.agreedWithConsensus,
      priceAtDecision: row.priceAtDecision,
      outcomes: {
        '1h': { price: row.priceAfter1h, isCorrect: row.correctAfter1h },
        '4h': { price: row.priceAfter4h, isCorrect: row.correctAfter4h },
        '24h': { price: row.priceAfter24h, isCorrect: row.correctAfter24h },
      },
    }))
  }
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value)
}
