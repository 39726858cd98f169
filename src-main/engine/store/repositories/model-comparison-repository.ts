import { randomUUID } from 'node:crypto'
import Decimal from 'decimal.js'
import { and, asc, eq, gte, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm'
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
  readonly error: string | null
  readonly agreedWithConsensus: boolean | null
  readonly priceAtDecision: Decimal | null
}

export interface StoredModelComparison extends ModelComparisonRecord {
  readonly id: string
  readonly outcomes: Readonly<
    Record<OutcomeHorizon, { price: Decimal | null; isCorrect: boolean | null }>
  >
}

/** How one model has done in the A/B comparison. Rates are null when nothing was judged. */
export interface ModelStats {
  readonly provider: string
  readonly model: string
  readonly isBaseline: boolean
  readonly answers: number
  readonly validAnswers: number
  readonly agreementRate: number | null
  readonly hitRate: Readonly<Record<OutcomeHorizon, number | null>>
  readonly averageLatencyMs: number
  readonly costUsd: Decimal
}

const PRICE_COLUMN = {
  '1h': modelComparisons.priceAfter1h,
  '4h': modelComparisons.priceAfter4h,
  '24h': modelComparisons.priceAfter24h,
} as const

/** Stores the A/B record of Trading Decision runs and the outcomes filled in later. */
export class ModelComparisonRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores a run's answers (or queues them, see {@link WriteBehind}); returns their ids in order. */
  async insertMany(records: readonly ModelComparisonRecord[]): Promise<string[]> {
    const ids = records.map(() => randomUUID())
    await Promise.all(
      records.map((record, index) =>
        this.writes.append(modelComparisons, {
          id: ids[index],
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
          error: record.error,
          agreedWithConsensus: record.agreedWithConsensus,
          priceAtDecision: record.priceAtDecision,
        }),
      ),
    )
    return ids
  }

  /** Returns the answers of one decision, in model order. */
  async forDecision(decisionId: string): Promise<StoredModelComparison[]> {
    return this.select(eq(modelComparisons.decisionId, decisionId), 1000)
  }

  /** Returns answers whose `horizon` outcome is due at `nowMs` and not yet filled, oldest first. */
  async pendingOutcomes(
    horizon: OutcomeHorizon,
    nowMs: number,
    limit = 500,
  ): Promise<StoredModelComparison[]> {
    return this.select(
      and(
        isNull(PRICE_COLUMN[horizon]),
        isNotNull(modelComparisons.priceAtDecision),
        lte(modelComparisons.createdAt, new Date(nowMs - HORIZON_MS[horizon])),
      ),
      limit,
    )
  }

  /** Returns when the oldest answer still waiting for its `horizon` outcome was given, or null. */
  async oldestPendingMs(horizon: OutcomeHorizon): Promise<number | null> {
    await this.writes.flush()
    const [row] = await this.db
      .select({ createdAt: sql<string | null>`min(${modelComparisons.createdAt})::text` })
      .from(modelComparisons)
      .where(and(isNull(PRICE_COLUMN[horizon]), isNotNull(modelComparisons.priceAtDecision)))
    return row?.createdAt ? new Date(row.createdAt).getTime() : null
  }

  /** Fills in the price after `horizon` and whether the answer was right (null: not judged). */
  async recordOutcome(
    id: string,
    horizon: OutcomeHorizon,
    price: Decimal,
    isCorrect: boolean | null,
  ): Promise<void> {
    const values =
      horizon === '1h'
        ? { priceAfter1h: price, correctAfter1h: isCorrect }
        : horizon === '4h'
          ? { priceAfter4h: price, correctAfter4h: isCorrect }
          : { priceAfter24h: price, correctAfter24h: isCorrect }
    await this.db.update(modelComparisons).set(values).where(eq(modelComparisons.id, id))
  }

  /** Returns per-model statistics over answers created at or after `sinceMs`. */
  async modelStats(sinceMs = 0): Promise<ModelStats[]> {
    const rate = (column: AnyPgColumn) =>
      sql<number | null>`(count(*) filter (where ${column}))::float8 / nullif(count(${column}), 0)`
    await this.writes.flush()
    const rows = await this.db
      .select({
        provider: modelComparisons.provider,
        model: modelComparisons.model,
        isBaseline: modelComparisons.isBaseline,
        answers: sql<number>`count(*)::int`,
        validAnswers: sql<number>`(count(*) filter (where ${modelComparisons.isValid}))::int`,
        agreementRate: rate(modelComparisons.agreedWithConsensus),
        hit1h: rate(modelComparisons.correctAfter1h),
        hit4h: rate(modelComparisons.correctAfter4h),
        hit24h: rate(modelComparisons.correctAfter24h),
        averageLatencyMs: sql<number>`coalesce(avg(${modelComparisons.latencyMs}), 0)::float8`,
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
      validAnswers: Number(row.validAnswers),
      agreementRate: nullableNumber(row.agreementRate),
      hitRate: {
        '1h': nullableNumber(row.hit1h),
        '4h': nullableNumber(row.hit4h),
        '24h': nullableNumber(row.hit24h),
      },
      averageLatencyMs: Number(row.averageLatencyMs),
      costUsd: new Decimal(row.costUsd),
    }))
  }

  private async select(where: SQL | undefined, limit: number): Promise<StoredModelComparison[]> {
    await this.writes.flush()
    const rows = await this.db
      .select()
      .from(modelComparisons)
      .where(where)
      .orderBy(
        asc(modelComparisons.createdAt),
        asc(modelComparisons.provider),
        asc(modelComparisons.model),
      )
      .limit(limit)
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
