import Decimal from 'decimal.js'
import type { Clock, TimerHandle } from '../clock'
import { ChangeListeners } from '../events/change-listeners'
import type { Logger } from '../logging/logger'
import {
  BREAKER_SEVERITY,
  type BreakerName,
  type BreakerResetKind,
  type BreakerTransition,
} from './circuit-breaker'
import type { PortfolioContext } from './portfolio-context'
import type { RegimeContext } from './regime-context'
import type { RiskAlert, RiskAlertPublisher } from './risk-alert'
import type { RiskStatus } from '../../../src-shared/contract'
import type { RiskConfig, RiskSettings } from './risk-config'
import type { RiskEvent, RiskEventRecorder } from './risk-event'
import { RiskRules } from './risk-rules'
import { initialRiskState, type BreakerTrip, type RiskState } from './risk-state'
import { RiskStateKeeper, type RiskStateListener } from './risk-state-keeper'
import type { RiskStateRepository } from './risk-state-repository'
import { toRiskStatus } from './risk-status'
import type { RiskValidation } from './risk-validation'
import type { TradeProposal } from './trade-proposal'
import { isoTime } from './utc-periods'

const ZERO = new Decimal(0)

/** What the risk engine is built from. */
export interface RiskEngineOptions {
  readonly config: RiskConfig
  readonly clock: Clock
  readonly logger: Logger
  readonly stateRepository: RiskStateRepository
  readonly eventRecorder: RiskEventRecorder
  readonly alertPublisher: RiskAlertPublisher
}

/** The realised result of a closed (or partly closed) trade. */
export interface TradeResult {
  readonly symbol: string
  /** Realised P&L in the quote asset, fees included; negative for a loss. */
  readonly realizedPnl: Decimal
  readonly correlationId?: string | null
}

/** A volatility reading of one symbol; either measure may be missing. */
export interface VolatilityReading {
  readonly symbol: string
  /** Average true range as a percent of price. */
  readonly atrPct?: number | null
  /** Price change over the recent window, in percent (sign ignored). */
  readonly priceMovePct?: number | null
}

/**
 * The rules-based risk engine. Every trade passes {@link validate} before it reaches an
 * exchange; circuit breakers (daily and weekly loss, drawdown from the equity peak,
 * abnormal volatility) block new entries until they re-arm, while closing trades always
 * pass. The risk state is saved through the repository on every change and restored by
 * {@link RiskEngine.create}, so a restart never re-arms a tripped breaker. Each change of what
 * blocks new entries is announced to {@link onStatusChange} listeners; one that time alone
 * makes (a pause or cooldown ending, a breaker re-arming) is applied on time by a timer on
 * the injected clock, not at the next call.
 */
export class RiskEngine {
  private readonly rules: RiskRules
  private readonly settings: RiskSettings
  private readonly keeper: RiskStateKeeper
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly repository: RiskStateRepository
  private readonly recorder: RiskEventRecorder
  private readonly publisher: RiskAlertPublisher
  /** Writes queue here so that saves land in order; a failed write is logged and does not block the next. */
  private pendingWrites: Promise<void> = Promise.resolve()
  private isSaveQueued = false
  private lastSave: Promise<void> = Promise.resolve()
  private readonly onWriteError: (error: unknown) => void
  /** Events and alerts handed over but not yet settled. */
  private inFlight = 0
  private idleWaiters: (() => void)[] = []
  private readonly onHandOverSettled = (): void => {
    this.inFlight--
    if (this.inFlight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters
      this.idleWaiters = []
      for (const wake of waiters) wake()
    }
  }
  private readonly onHandOverFailed = (error: unknown): void => {
    this.onWriteError(error)
    this.onHandOverSettled()
  }
  private readonly statusListeners: ChangeListeners<RiskStatus>
  /** Set by the keeper's reports; the status is announced once per operation, when it is done. */
  private haveBlockersChanged = false
  /** Applies the next expiry on time, so listeners hear of it without waiting for a call. */
  private expiryTimer: { readonly handle: TimerHandle; readonly dueAt: number } | null = null
  private isStopped = false

  private constructor(options: RiskEngineOptions, state: RiskState) {
    this.clock = options.clock
    this.logger = options.logger
    this.repository = options.stateRepository
    this.recorder = options.eventRecorder
    this.publisher = options.alertPublisher
    this.settings = options.config.risk
    this.rules = new RiskRules(options.config.risk)
    this.onWriteError = (error: unknown) => {
      this.logger.error({ err: error }, 'risk engine could not record, publish or save')
    }
    this.statusListeners = new ChangeListeners(this.logger, 'risk status change')
    const listener: RiskStateListener = {
      onBreakerTripped: (breaker, trip) => this.onBreakerTripped(breaker, trip),
      onBreakerReset: (breaker, reason, at, kind) => this.onBreakerReset(breaker, reason, at, kind),
      // No second alert: the halt goes on. Listeners hear of its new end, the log of why — at
      // info: a crash extends the halt every minute, and the trip was the warning.
      onBreakerExtended: (breaker, trip, reason) => {
        this.haveBlockersChanged = true
        const resetAt = trip.resetAt === null ? 'manual' : isoTime(trip.resetAt)
        this.logger.info({ breaker, resetAt, reason }, 'risk circuit breaker extended')
      },
      onCooldownStarted: (consecutiveLosses, until, at) => {
        this.haveBlockersChanged = true
        this.logger.warn(
          { consecutiveLosses, until: isoTime(until) },
          'risk cooldown started after a losing streak',
        )
        this.recordEvent({ type: 'cooldown_started', occurredAt: at, consecutiveLosses, until })
      },
      onCooldownEnded: () => {
        this.haveBlockersChanged = true
        this.logger.info('risk cooldown ended')
      },
      onSymbolPaused: (symbol, pause) => {
        this.haveBlockersChanged = true
        const until = pause.until === null ? 'resumed' : isoTime(pause.until)
        this.logger.warn({ symbol, until, reason: pause.reason }, 'risk paused a symbol')
      },
      onSymbolResumed: (symbol, reason) => {
        this.haveBlockersChanged = true
        this.logger.info({ symbol, reason }, 'risk resumed a symbol')
      },
    }
    this.keeper = new RiskStateKeeper(options.config.risk, state, listener)
  }

  /**
   * Builds a risk engine with the saved risk state (or a fresh one when none was saved),
   * then applies what time changed while it was stopped (breakers past their reset time
   * re-arm, a new day or week starts a new P&L period) and trips each breaker whose current
   * limit the restored state already breaks.
   */
  static async create(options: RiskEngineOptions): Promise<RiskEngine> {
    const saved = await options.stateRepository.load()
    const engine = new RiskEngine(options, saved ?? initialRiskState(options.clock.now()))
    if (saved !== null) {
      const active = engine.keeper.activeBreakers.map(({ breaker }) => breaker)
      options.logger.info({ activeBreakers: active }, 'risk state restored')
    }
    // The limits may be tighter than when the state was saved: a drawdown or a day's loss
    // already past them halts entries now, not after the next equity change or closed trade.
    engine.keeper.checkLimits(options.clock.now())
    // A restored pause or breaker may end by itself before anything else happens.
    engine.armExpiryTimer()
    await engine.commit()
    return engine
  }

  /**
   * Judges one proposal. Closing and reduce-only trades are always approved. Opening trades
   * go through every rule in order — input, circuit breakers, cooldown, paused symbol,
   * minimum confidence, position counts, leverage, stop-loss, reward:risk, position size,
   * total and correlated exposure, free balance (the quote asset for longs and for shorts
   * on margin; for a short at leverage 1 on a spot pair, a plain sale, the base asset held),
   * minimum position value — and come back APPROVED, MODIFIED (leverage lowered to its
   * cap, size set or lowered; the changed proposal is returned) or REJECTED, with one check
   * per rule and the reasons for every change or refusal. Rebalance buys (`purpose: 'rebalance'`, spot, leverage 1, sized by
   * the portfolio) pass the input check, the circuit breakers, the cooldown and the symbol
   * pause, then only the free balance and minimum value rules; rebalance sells are
   * reduce-only. The portfolio's equity also feeds the drawdown breaker, unless it leaves out
   * an unpriced holding. The decision is
   * recorded as a risk event.
   */
  validate(
    proposal: TradeProposal,
    context: PortfolioContext,
    regime: RegimeContext | null,
  ): RiskValidation {
    const now = this.clock.now()
    const keeper = this.keeper
    keeper.refresh(now)
    // An equity that leaves out an unpriced holding is understated: as a drawdown it would
    // trip the breaker on a loss that did not happen. Sizing from it only errs on the safe side.
    const isEquityComplete = (context.unpricedMarkets?.length ?? 0) === 0
    if (isEquityComplete && context.equity.gt(ZERO)) keeper.observeEquity(context.equity, now)
    const validation = this.rules.evaluate(proposal, context, regime, keeper, now)
    this.recordEvent({
      type: 'validation',
      occurredAt: now,
      symbol: proposal.symbol,
      correlationId: proposal.correlationId ?? null,
      status: validation.status,
      proposal,
      result: validation.proposal,
      reasons: validation.reasons,
      checks: validation.checks,
    })
    if (validation.status === 'REJECTED' && this.logger.isLevelEnabled('debug')) {
      this.logger.debug(
        {
          symbol: proposal.symbol,
          correlationId: proposal.correlationId,
          reasons: validation.reasons,
        },
        'risk rejected a proposal',
      )
    }
    this.commitInBackground()
    return validation
  }

  /**
   * Takes in a closed trade's realised P&L: updates the day's and week's P&L and the losing
   * streak, may start a cooldown or trip the daily or weekly loss breaker; resolves once the
   * new state is saved. A P&L that is not a finite number is refused with an error and
   * changes nothing: added to the day's P&L it would make it NaN, which no loss limit
   * compares against, for the rest of the day and the week.
   */
  async recordTradeResult(result: TradeResult): Promise<void> {
    if (!result.realizedPnl.isFinite()) {
      throw new Error(
        `trade result refused: symbol=${result.symbol} realized_pnl=${result.realizedPnl.toString()} is not a finite number`,
      )
    }
    this.keeper.recordTradeResult(result.realizedPnl, this.clock.now())
    await this.commit()
  }

  /** Takes in the account equity (peak and drawdown breaker); resolves once saved. */
  async updateEquity(equity: Decimal): Promise<void> {
    const now = this.clock.now()
    this.keeper.refresh(now)
    if (equity.gt(ZERO)) this.keeper.observeEquity(equity, now)
    await this.commit()
  }

  /** Takes in a volatility reading; an abnormal one halts new entries. Resolves once saved. */
  async updateVolatility(reading: VolatilityReading): Promise<void> {
    this.keeper.observeVolatility(
      reading.symbol,
      reading.atrPct ?? null,
      reading.priceMovePct ?? null,
      this.clock.now(),
    )
    await this.commit()
  }

  /**
   * Re-arms a tripped breaker by hand (the only way to re-arm max_drawdown) and rebases what
   * it measures. Returns the transition; resetting an armed breaker is refused, as data.
   */
  async resetBreaker(breaker: BreakerName, reason = 'manual reset'): Promise<BreakerTransition> {
    const transition = this.keeper.resetBreaker(breaker, reason, this.clock.now())
    await this.commit()
    return transition
  }

  /** Pauses new entries on a symbol until `until` (Unix ms) or until resumed. */
  async pauseSymbol(
    symbol: string,
    options: { readonly until?: number | null; readonly reason?: string } = {},
  ): Promise<void> {
    const now = this.clock.now()
    this.keeper.refresh(now)
    this.keeper.pauseSymbol(symbol, options.until ?? null, options.reason ?? 'paused', now)
    await this.commit()
  }

  /** Ends a symbol's pause; returns false when it was not paused. */
  async resumeSymbol(symbol: string): Promise<boolean> {
    const isResumed = this.keeper.resumeSymbol(symbol, this.clock.now())
    await this.commit()
    return isResumed
  }

  /** Returns the current risk state, after applying what time changed. */
  state(): RiskState {
    this.keeper.refresh(this.clock.now())
    this.commitInBackground()
    return this.keeper.currentState()
  }

  /** Returns the risk state as the contract's `risk:status` DTO. */
  status(): RiskStatus {
    return toRiskStatus(this.state(), this.settings)
  }

  /** Returns the breakers tripped now; new entries are refused while any is. */
  activeBreakers(): BreakerName[] {
    this.keeper.refresh(this.clock.now())
    this.commitInBackground()
    return this.keeper.activeBreakers.map(({ breaker }) => breaker)
  }

  /**
   * Calls `listener` with the whole status each time what blocks new entries changes: a
   * symbol paused or resumed, a cooldown started, a breaker tripped or re-armed — and each
   * of them ending by itself, on time on the injected clock. Returns the function that stops it.
   */
  onStatusChange(listener: (status: RiskStatus) => void): () => void {
    return this.statusListeners.add(listener)
  }

  /**
   * Stops the expiry timer for good (the host is shutting down); an expiry then applies at
   * the next call, unannounced until then.
   */
  stop(): void {
    this.isStopped = true
    this.armExpiryTimer()
  }

  /** Resolves once every queued save, recorded event and published alert has settled. */
  async flush(): Promise<void> {
    for (;;) {
      const pending = this.pendingWrites
      await pending
      if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
      if (pending === this.pendingWrites && this.inFlight === 0) return
    }
  }

  /** Announces what the last operation changed, then saves it; resolves once saved. */
  private commit(): Promise<void> {
    this.announceBlockerChanges()
    return this.saveIfDirty()
  }

  /** Like {@link commit}, without waiting for the save, for the synchronous methods. */
  private commitInBackground(): void {
    this.announceBlockerChanges()
    this.saveInBackground()
  }

  /** Tells the listeners the new status and moves the expiry timer, once the state is whole. */
  private announceBlockerChanges(): void {
    if (!this.haveBlockersChanged) return
    this.haveBlockersChanged = false
    this.armExpiryTimer()
    // Built only for a listener: tests and tools run risk engines without one.
    if (this.statusListeners.size > 0) {
      this.statusListeners.notify(toRiskStatus(this.keeper.currentState(), this.settings))
    }
  }

  /** Sets the timer to the keeper's next expiry, or clears it when nothing ends by itself. */
  private armExpiryTimer(): void {
    const dueAt = this.isStopped ? null : this.keeper.nextExpiryAt
    if (this.expiryTimer?.dueAt === dueAt) return
    if (this.expiryTimer !== null) this.clock.clearTimer(this.expiryTimer.handle)
    this.expiryTimer =
      dueAt === null
        ? null
        : {
            dueAt,
            handle: this.clock.setTimeout(() => this.onExpiryDue(), dueAt - this.clock.now()),
          }
  }

  private onExpiryDue(): void {
    this.expiryTimer = null
    this.keeper.refresh(this.clock.now())
    // Re-armed even when nothing ended: a halt extended since, or a timer that fired early.
    this.armExpiryTimer()
    this.commitInBackground()
  }

  /**
   * Queues one save of the latest state, coalescing bursts of changes into one write.
   * Resolves when the state is written; rejects when the write fails, and then the state
   * stays dirty so the next change writes it again.
   */
  private saveIfDirty(): Promise<void> {
    if (!this.keeper.isDirty || this.isSaveQueued) return this.lastSave
    this.isSaveQueued = true
    const save = this.pendingWrites.then(async () => {
      this.isSaveQueued = false
      try {
        await this.repository.save(this.keeper.snapshot())
      } catch (error) {
        this.keeper.isDirty = true
        throw error
      }
    })
    this.pendingWrites = save.catch(this.onWriteError)
    this.lastSave = save
    return save
  }

  /** Saves without waiting, from the synchronous methods; a failure is logged by the queue. */
  private saveInBackground(): void {
    if (this.keeper.isDirty) this.saveIfDirty().catch(ignore)
  }

  private recordEvent(event: RiskEvent): void {
    this.track(this.recorder.record(event))
  }

  private publishAlert(alert: RiskAlert): void {
    this.track(this.publisher.publish(alert))
  }

  /** Counts a hand-over that runs in the background, so that {@link flush} can wait for it. */
  private track(handOver: Promise<void>): void {
    this.inFlight++
    handOver.then(this.onHandOverSettled, this.onHandOverFailed)
  }

  private onBreakerTripped(breaker: BreakerName, trip: BreakerTrip): void {
    this.haveBlockersChanged = true
    this.logger.warn({ breaker, reason: trip.reason }, 'risk circuit breaker tripped')
    this.recordEvent({
      type: 'breaker_tripped',
      occurredAt: trip.trippedAt,
      breaker,
      reason: trip.reason,
      resetAt: trip.resetAt,
    })
    this.publishAlert({
      alert_type: 'circuit_breaker',
      severity: BREAKER_SEVERITY[breaker],
      message: `Circuit breaker ${breaker} tripped: ${trip.reason}`,
      action_required: 'halt_trading',
      breaker,
      occurred_at: isoTime(trip.trippedAt),
      reset_at: trip.resetAt === null ? null : isoTime(trip.resetAt),
      active_breakers: this.keeper.activeBreakers.map((active) => active.breaker),
    })
  }

  private onBreakerReset(
    breaker: BreakerName,
    reason: string,
    at: number,
    kind: BreakerResetKind,
  ): void {
    this.haveBlockersChanged = true
    this.logger.info({ breaker, reason }, 'risk circuit breaker re-armed')
    this.recordEvent({ type: 'breaker_reset', occurredAt: at, breaker, reason })
    this.publishAlert({
      alert_type: 'circuit_breaker_reset',
      severity: 'low',
      message: `Circuit breaker ${breaker} re-armed: ${reason}`,
      action_required: 'none',
      breaker,
      occurred_at: isoTime(at),
      reset_at: null,
      reset_kind: kind,
      active_breakers: this.keeper.activeBreakers.map((active) => active.breaker),
    })
  }
}

function ignore(): void {}
