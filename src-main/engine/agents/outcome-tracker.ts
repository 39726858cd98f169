import Decimal from 'decimal.js'
import type { Clock, TimerHandle } from '../clock'
import type { Logger } from '../logging/logger'
import {
  HORIZON_MS,
  OUTCOME_HORIZONS,
  type ModelComparisonRepository,
  type OutcomeHorizon,
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

/**
 * Fills in what the price did 1 h, 4 h and 24 h after each Trading Decision answer and
 * whether the answer was right, so models can be compared on hit rate. Runs on the clock;
 * a check never overlaps the previous one.
 */
export class OutcomeTracker {
  private timer: TimerHandle | null = null
  private running: Promise<number> | null = null
  /**
   * Per horizon, the first moment an answer can be due: the oldest pending answer plus the
   * horizon, or the last check plus the horizon when none was pending (answers given after a
   * check are due no sooner). Until then a check asks the store nothing.
   */
  private readonly nextDueAtMs = new Map<OutcomeHorizon, number>()

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
      for (const horizon of OUTCOME_HORIZONS) {
        const now = clock.now()
        if (now < (this.nextDueAtMs.get(horizon) ?? Number.NEGATIVE_INFINITY)) continue
        const due = await comparisons.pendingOutcomes(horizon, now)
        const cache = new Map<string, Decimal | null>()
        for (const row of due) {
          if (!row.priceAtDecision) continue
          const at = row.createdAtMs + HORIZON_MS[horizon]
          const key = `${row.symbol}@${at}`
          if (!cache.has(key)) cache.set(key, await prices.priceAt(row.symbol, at))
          const price = cache.get(key) ?? null
          if (!price) continue
          const isCorrect = judge(row.action, row.priceAtDecision, price, band)
          await comparisons.recordOutcome(row.id, horizon, price, isCorrect)
          filled++
        }
        const oldest = await comparisons.oldestPendingMs(horizon)
        this.nextDueAtMs.set(horizon, (oldest ?? now) + HORIZON_MS[horizon])
      }
    } catch (error) {
      logger.error({ err: error }, 'could not fill trading decision outcomes')
    }
    if (filled > 0) logger.info({ filled }, 'trading decision outcomes filled')
    return filled
  }
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
