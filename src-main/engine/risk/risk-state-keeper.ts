import Decimal from 'decimal.js'
import {
  BREAKER_NAMES,
  transitionBreaker,
  type BreakerName,
  type BreakerResetKind,
  type BreakerTransition,
} from './circuit-breaker'
import type { RiskSettings } from './risk-config'
import type { BreakerTrip, PnlPeriod, RiskState, SymbolPause } from './risk-state'
import { DAY_MS, WEEK_MS, isoTime, startOfUtcDay, startOfUtcWeek } from './utc-periods'

/**
 * Hears what the keeper changed, so the engine can alert, record and announce it. Every
 * change of what blocks new entries comes through here, also the ones time alone makes.
 */
export interface RiskStateListener {
  onBreakerTripped(breaker: BreakerName, trip: BreakerTrip): void
  /** A breaker re-armed: `expired` when its reset time came, `manual` when a person reset it. */
  onBreakerReset(breaker: BreakerName, reason: string, at: number, kind: BreakerResetKind): void
  /**
   * A tripped breaker's automatic end moved later (a volatility halt pushed out); `reason`
   * is the reading that pushed it, the trip keeps the reason it tripped for.
   */
  onBreakerExtended(breaker: BreakerName, trip: BreakerTrip, reason: string): void
  onCooldownStarted(consecutiveLosses: number, until: number, at: number): void
  /** The cooldown's end came. */
  onCooldownEnded(at: number): void
  /** A symbol was paused, or its pause replaced. */
  onSymbolPaused(symbol: string, pause: SymbolPause): void
  /** A symbol's pause ended: resumed by hand, or its end came. */
  onSymbolResumed(symbol: string, reason: string, at: number): void
}

/** A tripped breaker as the entry rules see it. */
export interface ActiveBreaker {
  readonly breaker: BreakerName
  readonly trip: BreakerTrip
}

/** What blocks new entries right now; read by the rules on every validation. */
export interface EntryBlockers {
  readonly activeBreakers: readonly ActiveBreaker[]
  readonly cooldownUntil: number | null
  readonly consecutiveLosses: number
  pauseOf(symbol: string): SymbolPause | undefined
}

const ZERO = new Decimal(0)
const HUNDRED = new Decimal(100)
const MINUTE_MS = 60_000

/**
 * Owns the risk state: equity peak, daily and weekly realised P&L, the losing streak and
 * cooldown, the circuit breakers and paused symbols. Time comes in as `now`; day and week
 * boundaries are UTC. Every change sets {@link isDirty} so the engine knows to save.
 */
export class RiskStateKeeper implements EntryBlockers {
  activeBreakers: ActiveBreaker[] = []
  cooldownUntil: number | null
  consecutiveLosses: number
  /** True when the state changed since the last {@link snapshot}. */
  isDirty = false

  private equityPeak: Decimal | null
  private lastEquity: Decimal | null
  private daily: PnlPeriod
  private weekly: PnlPeriod
  private readonly breakers: Record<BreakerName, BreakerTrip | null>
  private readonly pauses: Map<string, SymbolPause>
  private updatedAt: number
  /** The earliest instant at which something expires or rolls over; refresh is a no-op before it. */
  private nextDueAt = 0
  private nextExpiry: number | null = null

  private readonly dailyLossPct: Decimal
  private readonly weeklyLossPct: Decimal
  private readonly maxDrawdownPct: Decimal
  private readonly drawdownFloorFactor: Decimal
  private drawdownFloor: Decimal | null = null
  /**
   * Whole milliseconds: minutes such as 0.333333 give 19999.98 ms, and a fractional
   * instant saved in the state fails its schema, so the engine would not start again.
   */
  private readonly cooldownMs: number
  private readonly volatilityHaltMs: number

  constructor(
    private readonly settings: RiskSettings,
    state: RiskState,
    private readonly listener: RiskStateListener,
  ) {
    this.equityPeak = null
    this.lastEquity = state.lastEquity
    this.daily = state.daily
    this.weekly = state.weekly
    this.consecutiveLosses = state.consecutiveLosses
    this.cooldownUntil = state.cooldownUntil
    this.breakers = { ...state.breakers }
    this.pauses = new Map(Object.entries(state.pausedSymbols))
    this.updatedAt = state.updatedAt
    this.dailyLossPct = new Decimal(settings.circuit_breakers.daily_loss_pct)
    this.weeklyLossPct = new Decimal(settings.circuit_breakers.weekly_loss_pct)
    this.maxDrawdownPct = new Decimal(settings.circuit_breakers.max_drawdown_pct)
    this.drawdownFloorFactor = new Decimal(1).minus(this.maxDrawdownPct.div(HUNDRED))
    this.cooldownMs = Math.round(settings.cooldown.minutes * MINUTE_MS)
    this.volatilityHaltMs = Math.round(
      settings.circuit_breakers.volatility.halt_minutes * MINUTE_MS,
    )
    this.setPeak(state.equityPeak)
    this.onBreakersChanged()
  }

  /**
   * The earliest instant at which a breaker re-arms, the cooldown or a pause ends by itself;
   * null when nothing blocking entries ends by itself. Day and week rollovers are not in it.
   */
  get nextExpiryAt(): number | null {
    return this.nextExpiry
  }

  /** Returns the pause of `symbol`, if it is paused. */
  pauseOf(symbol: string): SymbolPause | undefined {
    return this.pauses.size === 0 ? undefined : this.pauses.get(symbol)
  }

  /** Returns the current state as an immutable value and clears {@link isDirty}. */
  snapshot(): RiskState {
    this.isDirty = false
    return this.currentState()
  }

  /** Returns the current state as an immutable value. */
  currentState(): RiskState {
    return {
      equityPeak: this.equityPeak,
      lastEquity: this.lastEquity,
      daily: this.daily,
      weekly: this.weekly,
      consecutiveLosses: this.consecutiveLosses,
      cooldownUntil: this.cooldownUntil,
      breakers: { ...this.breakers },
      pausedSymbols: Object.fromEntries(this.pauses),
      updatedAt: this.updatedAt,
    }
  }

  /**
   * Applies what time alone changes: breakers and pauses whose end has come re-arm or
   * end, a finished cooldown clears, and a new UTC day or week starts a new P&L period.
   */
  refresh(now: number): void {
    if (now < this.nextDueAt) return
    for (const name of BREAKER_NAMES) {
      const trip = this.breakers[name]
      if (trip !== null && trip.resetAt !== null && trip.resetAt <= now) {
        this.rearm(name, 'expire', now, `reset_at=${isoTime(trip.resetAt)} reached`)
      }
    }
    if (this.cooldownUntil !== null && this.cooldownUntil <= now) {
      this.cooldownUntil = null
      this.touch(now)
      this.listener.onCooldownEnded(now)
    }
    for (const [symbol, pause] of this.pauses) {
      if (pause.until !== null && pause.until <= now) {
        this.pauses.delete(symbol)
        this.touch(now)
        this.listener.onSymbolResumed(symbol, `until=${isoTime(pause.until)} reached`, now)
      }
    }
    if (now >= this.daily.periodStart + DAY_MS) {
      this.daily = {
        periodStart: startOfUtcDay(now),
        startEquity: this.lastEquity,
        realizedPnl: ZERO,
      }
      this.touch(now)
    }
    if (now >= this.weekly.periodStart + WEEK_MS) {
      this.weekly = {
        periodStart: startOfUtcWeek(now),
        startEquity: this.lastEquity,
        realizedPnl: ZERO,
      }
      this.touch(now)
    }
    this.computeNextDueAt()
  }

  /**
   * Takes in the account equity: raises the peak, gives a period without a starting equity
   * its base, and trips the drawdown breaker when equity has fallen too far from the peak.
   */
  observeEquity(equity: Decimal, now: number): void {
    if (this.lastEquity !== null && equity.eq(this.lastEquity)) return
    this.lastEquity = equity
    // Saved on every change, a fall included: after a restart it is the base of a new day or
    // week and the drawdown still to be judged.
    this.touch(now)
    if (this.daily.startEquity === null) this.daily = { ...this.daily, startEquity: equity }
    if (this.weekly.startEquity === null) this.weekly = { ...this.weekly, startEquity: equity }
    const peak = this.equityPeak
    if (peak === null || equity.gt(peak)) {
      this.setPeak(equity)
      return
    }
    this.checkDrawdown(now)
  }

  /**
   * Trips every breaker whose limit the state already breaks: the drawdown of the last equity
   * from the peak, the day's and the week's realised loss. Run on a restored state, for the
   * limits may have been tightened since it was saved; until the next equity change or closed
   * trade nothing else would look.
   */
  checkLimits(now: number): void {
    this.refresh(now)
    this.checkDrawdown(now)
    this.checkPeriodLosses(now)
    this.computeNextDueAt()
  }

  /**
   * Takes in the realised P&L of a closed trade: adds it to the day and week, extends or
   * ends the losing streak (a cooldown starts each time the streak reaches the configured
   * length), and trips the daily or weekly loss breaker when a limit is reached.
   */
  recordTradeResult(realizedPnl: Decimal, now: number): void {
    this.refresh(now)
    // Breakeven with no losing streak to end changes nothing: nothing to save.
    if (realizedPnl.isZero() && this.consecutiveLosses === 0) return
    this.daily = { ...this.daily, realizedPnl: this.daily.realizedPnl.plus(realizedPnl) }
    this.weekly = { ...this.weekly, realizedPnl: this.weekly.realizedPnl.plus(realizedPnl) }
    this.touch(now)
    if (realizedPnl.isNeg() && !realizedPnl.isZero()) {
      this.consecutiveLosses++
      if (this.consecutiveLosses >= this.settings.cooldown.consecutive_losses) {
        const until = now + this.cooldownMs
        this.cooldownUntil = Math.max(this.cooldownUntil ?? 0, until)
        this.listener.onCooldownStarted(this.consecutiveLosses, this.cooldownUntil, now)
      }
    } else {
      this.consecutiveLosses = 0
    }
    this.checkPeriodLosses(now)
    this.computeNextDueAt()
  }

  /**
   * Takes in a volatility reading (ATR as % of price, recent price move in %); an abnormal
   * one trips the volatility halt, or extends it when already tripped.
   */
  observeVolatility(
    symbol: string,
    atrPct: number | null,
    priceMovePct: number | null,
    now: number,
  ): void {
    this.refresh(now)
    const limits = this.settings.circuit_breakers.volatility
    const isAtrAbnormal = atrPct !== null && atrPct >= limits.max_atr_pct
    const isMoveAbnormal =
      priceMovePct !== null && Math.abs(priceMovePct) >= limits.max_price_move_pct
    if (!isAtrAbnormal && !isMoveAbnormal) return
    const resetAt = now + this.volatilityHaltMs
    const reason =
      `VOLATILITY: symbol=${symbol} atr_pct=${percentText(atrPct)} max_atr_pct=${limits.max_atr_pct} ` +
      `price_move_pct=${percentText(priceMovePct)} max_price_move_pct=${limits.max_price_move_pct}`
    const current = this.breakers.volatility
    if (current !== null) {
      // Already halted: a new abnormal reading pushes the end of the halt out.
      if (current.resetAt !== null && current.resetAt < resetAt) {
        const extended = { ...current, resetAt }
        this.breakers.volatility = extended
        this.onBreakersChanged()
        this.touch(now)
        this.computeNextDueAt()
        this.listener.onBreakerExtended('volatility', extended, reason)
      }
      return
    }
    this.trip('volatility', now, resetAt, reason)
  }

  /**
   * Re-arms a tripped breaker by hand and rebases what it measures, so it does not trip
   * again at once: the day's or week's P&L restarts from the current equity, the drawdown
   * peak becomes the current equity.
   */
  resetBreaker(name: BreakerName, reason: string, now: number): BreakerTransition {
    this.refresh(now)
    const transition = this.rearm(name, 'manual_reset', now, reason)
    if (!transition.ok) return transition
    if (name === 'daily_loss') {
      this.daily = { ...this.daily, startEquity: this.lastEquity, realizedPnl: ZERO }
    } else if (name === 'weekly_loss') {
      this.weekly = { ...this.weekly, startEquity: this.lastEquity, realizedPnl: ZERO }
    } else if (name === 'max_drawdown') {
      this.setPeak(this.lastEquity)
    }
    this.computeNextDueAt()
    return transition
  }

  /** Pauses new entries on `symbol`, until `until` (Unix ms) or until resumed. */
  pauseSymbol(symbol: string, until: number | null, reason: string, now: number): void {
    const pause: SymbolPause = { pausedAt: now, until, reason }
    this.pauses.set(symbol, pause)
    this.touch(now)
    this.computeNextDueAt()
    this.listener.onSymbolPaused(symbol, pause)
  }

  /** Ends a pause; returns false when the symbol was not paused. */
  resumeSymbol(symbol: string, now: number): boolean {
    const wasPaused = this.pauses.delete(symbol)
    if (wasPaused) {
      this.touch(now)
      this.computeNextDueAt()
      this.listener.onSymbolResumed(symbol, 'resumed', now)
    }
    return wasPaused
  }

  /** Sets the peak and the equity at or below which the drawdown breaker trips. */
  private setPeak(peak: Decimal | null): void {
    this.equityPeak = peak
    // peak × (1 − limit/100): equity at or below it is a drawdown of at least the limit.
    this.drawdownFloor = peak === null ? null : peak.times(this.drawdownFloorFactor)
  }

  /** Trips the drawdown breaker when the last equity is at or below the peak's floor. */
  private checkDrawdown(now: number): void {
    const peak = this.equityPeak
    const equity = this.lastEquity
    if (this.breakers.max_drawdown !== null || peak === null || equity === null) return
    if (equity.gt(this.drawdownFloor as Decimal)) return
    const drawdownPct = peak.minus(equity).div(peak).times(HUNDRED).toDecimalPlaces(2)
    this.trip(
      'max_drawdown',
      now,
      null,
      `MAX_DRAWDOWN: drawdown_pct=${drawdownPct.toFixed()} limit_pct=${this.maxDrawdownPct.toFixed()} peak=${peak.toFixed()} equity=${equity.toFixed()}`,
    )
  }

  private checkPeriodLosses(now: number): void {
    this.checkPeriodLoss(
      'daily_loss',
      this.daily,
      this.dailyLossPct,
      startOfUtcDay(now) + DAY_MS,
      now,
    )
    this.checkPeriodLoss(
      'weekly_loss',
      this.weekly,
      this.weeklyLossPct,
      startOfUtcWeek(now) + WEEK_MS,
      now,
    )
  }

  private checkPeriodLoss(
    name: BreakerName,
    period: PnlPeriod,
    limitPct: Decimal,
    resetAt: number,
    now: number,
  ): void {
    if (this.breakers[name] !== null || !period.realizedPnl.isNeg()) return
    const base = period.startEquity ?? this.lastEquity
    if (base === null || !base.gt(ZERO)) return
    const loss = period.realizedPnl.neg()
    if (loss.times(HUNDRED).lt(base.times(limitPct))) return
    const lossPct = loss.div(base).times(HUNDRED).toDecimalPlaces(2)
    const code = name === 'daily_loss' ? 'DAILY_LOSS' : 'WEEKLY_LOSS'
    this.trip(
      name,
      now,
      resetAt,
      `${code}: loss=${loss.toFixed()} loss_pct=${lossPct.toFixed()} limit_pct=${limitPct.toFixed()} start_equity=${base.toFixed()} period_start=${isoTime(period.periodStart)}`,
    )
  }

  private trip(name: BreakerName, now: number, resetAt: number | null, reason: string): void {
    const status = this.breakers[name] === null ? 'armed' : 'tripped'
    const transition = transitionBreaker(status, 'trip')
    if (!transition.ok) throw new Error(transition.error)
    const trip: BreakerTrip = { trippedAt: now, resetAt, reason }
    this.breakers[name] = trip
    this.onBreakersChanged()
    this.touch(now)
    this.computeNextDueAt()
    this.listener.onBreakerTripped(name, trip)
  }

  private rearm(
    name: BreakerName,
    event: 'expire' | 'manual_reset',
    now: number,
    reason: string,
  ): BreakerTransition {
    const transition = transitionBreaker(this.breakers[name] === null ? 'armed' : 'tripped', event)
    if (!transition.ok) return { ok: false, error: `${transition.error} breaker=${name}` }
    this.breakers[name] = null
    this.onBreakersChanged()
    this.touch(now)
    this.listener.onBreakerReset(name, reason, now, event === 'expire' ? 'expired' : 'manual')
    return transition
  }

  private onBreakersChanged(): void {
    const active: ActiveBreaker[] = []
    for (const name of BREAKER_NAMES) {
      const trip = this.breakers[name]
      if (trip !== null) active.push({ breaker: name, trip })
    }
    this.activeBreakers = active
  }

  private touch(now: number): void {
    this.updatedAt = now
    this.isDirty = true
  }

  private computeNextDueAt(): void {
    let expiry = Infinity
    for (const { trip } of this.activeBreakers) {
      if (trip.resetAt !== null) expiry = Math.min(expiry, trip.resetAt)
    }
    if (this.cooldownUntil !== null) expiry = Math.min(expiry, this.cooldownUntil)
    for (const pause of this.pauses.values()) {
      if (pause.until !== null) expiry = Math.min(expiry, pause.until)
    }
    this.nextExpiry = expiry === Infinity ? null : expiry
    const rollover = Math.min(this.daily.periodStart + DAY_MS, this.weekly.periodStart + WEEK_MS)
    this.nextDueAt = Math.min(rollover, expiry)
  }
}

/** A reading in a reason: two decimals are enough to see why it tripped (7.123456 → 7.12). */
function percentText(value: number | null): string {
  return value === null ? 'n/a' : String(Math.round(value * 100) / 100)
}
