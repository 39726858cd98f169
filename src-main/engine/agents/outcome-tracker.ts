import Decimal from 'decimal.js'
import type { Clock, TimerHandle } from '../clock'
import type { Logger } from '../logging/logger'
import {
  HORIZON_MS,
  OUTCOME_HORIZONS,
  type ComparisonOutcome,
  type ModelComparisonRecord,
  type ModelComparisonRepository,
  type OutcomeHorizon,
  type StoredModelComparison,
} from '../store/repositories/model-comparison-repository'

/** Where the tracker reads past prices; the market layer implements it from candles. */
export interface PriceLookup {
  /** Returns the price of `symbol` at `timeMs` (e.g. the close of the candle then), or null. */
  priceAt(symbol: string, timeMs: number): Promise<Decimal | null>
}

export interface OutcomeTrackerOptions {
  readonly comparisons: ModelComparisonRepository
  readonly prices: PriceLookup
  readonly clock: Clock
  readonly logger: Logger
  /** How often due outcomes are filled in; 5 minutes by default. */
  readonly checkIntervalMs?: number
  /** A HOLD is right when the price moved less than this many percent; 0.5 by default. */
  readonly holdBandPercent?: number
}

/** An answer waiting for the outcome of a horizon: what judging it takes. */
interface AwaitingAnswer {
  readonly id: string
  readonly symbol: string
  readonly createdAtMs: number
  readonly action: string | null
  readonly priceAtDecision: Decimal
}

/**
 * Fills in what the price did 1 h, 4 h and 24 h after each Trading Decision answer and
 * whether the answer was right, so models can be compared on hit rate. Runs on the clock;
 * a check never overlaps the previous one.
 *
 * Answers are recorded through it ({@link insertMany}), so it knows what awaits an outcome
 * without asking the store each check; the answers an earlier run left waiting are read
 * once, at the first check.
 */
export class OutcomeTracker {
  private timer: TimerHandle | null = null
  private running: Promise<number> | null = null
  private hasReadStore = false
  /** Per horizon, the answers waiting for its outcome, by id. */
  private readonly awaiting = new Map<OutcomeHorizon, Map<string, AwaitingAnswer>>(
    OUTCOME_HORIZONS.map((horizon) => [horizon, new Map()]),
  )

  constructor(private readonly options: OutcomeTrackerOptions) {}

  /** Starts periodic checks; calling it twice does nothing. */
  start(): void {
    if (this.timer) return
    this.timer = this.options.clock.setInterval(() => {
      void this.fillDue()
    }, this.options.checkIntervalMs ?? 300_000)
  }

  stop(): void {
    if (this.timer) this.options.clock.clearTimer(this.timer)
    this.timer = null
  }

  /** Stores a run's answers and follows their outcomes; returns their ids in order. */
  async insertMany(records: readonly ModelComparisonRecord[]): Promise<string[]> {
    const ids = await this.options.comparisons.insertMany(records)
    records.forEach((record, index) => {
      const id = ids[index]
      if (id === undefined) return
      this.follow({ ...record, id }, OUTCOME_HORIZONS)
    })
    return ids
  }

  /** Fills every due outcome whose price is known; returns how many were filled. */
  fillDue(): Promise<number> {
    if (!this.running) {
      this.running = this.fill().finally(() => {
        this.running = null
      })
    }
    return this.running
  }

  private async fill(): Promise<number> {
    const { comparisons, prices, clock, logger } = this.options
    const band = this.options.holdBandPercent ?? 0.5
    let filled = 0
    try {
      if (!this.hasReadStore) {
        for (const row of await comparisons.awaitingOutcomes()) {
          this.follow(row, unfilledHorizons(row))
        }
        this.hasReadStore = true
      }
      const cache = new Map<string, Decimal | null>()
      for (const horizon of OUTCOME_HORIZONS) {
        const awaiting = this.awaiting.get(horizon) ?? new Map<string, AwaitingAnswer>()
        const dueBeforeMs = clock.now() - HORIZON_MS[horizon]
        const outcomes: ComparisonOutcome[] = []
        for (const answer of awaiting.values()) {
          if (answer.createdAtMs > dueBeforeMs) continue
          const at = answer.createdAtMs + HORIZON_MS[horizon]
          const key = `${answer.symbol}@${at}`
          if (!cache.has(key)) cache.set(key, await prices.priceAt(answer.symbol, at))
          const price = cache.get(key) ?? null
          if (!price) continue
          const isCorrect = judge(answer.action, answer.priceAtDecision, price, band)
          outcomes.push({ id: answer.id, price, isCorrect })
        }
        if (outcomes.length === 0) continue
        await comparisons.recordOutcomes(horizon, outcomes)
        for (const outcome of outcomes) awaiting.delete(outcome.id)
        filled += outcomes.length
      }
    } catch (error) {
      logger.error({ err: error }, 'could not fill trading decision outcomes')
    }
    if (filled > 0) logger.info({ filled }, 'trading decision outcomes filled')
    return filled
  }

  /** Waits for the outcomes of `horizons` of an answer (one without a price is never judged). */
  private follow(
    answer: Omit<AwaitingAnswer, 'priceAtDecision'> & { priceAtDecision: Decimal | null },
    horizons: readonly OutcomeHorizon[],
  ): void {
    const { priceAtDecision } = answer
    if (priceAtDecision === null) return
    for (const horizon of horizons) {
      this.awaiting.get(horizon)?.set(answer.id, {
        id: answer.id,
        symbol: answer.symbol,
        createdAtMs: answer.createdAtMs,
        action: answer.action,
        priceAtDecision,
      })
    }
  }
}

/** The horizons whose outcome a stored answer still lacks. */
function unfilledHorizons(row: StoredModelComparison): OutcomeHorizon[] {
  return OUTCOME_HORIZONS.filter((horizon) => row.outcomes[horizon].price === null)
}

/**
 * Returns whether an answer was right given the move from `before` to `after`: BUY when the
 * price rose, SELL when it fell, HOLD when it moved less than `holdBandPercent`. CLOSE and
 * invalid answers are not judged (null).
 */
export function judge(
  action: string | null,
  before: Decimal,
  after: Decimal,
  holdBandPercent: number,
): boolean | null {
  if (before.isZero()) return null
  const movePercent = after.minus(before).dividedBy(before).times(100)
  switch (action) {
    case 'BUY':
      return movePercent.greaterThan(0)
    case 'SELL':
      return movePercent.lessThan(0)
    case 'HOLD':
      return movePercent.abs().lessThan(new Decimal(holdBandPercent))
    default:
      return null
  }
}

export type { OutcomeHorizon }
