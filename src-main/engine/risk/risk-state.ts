import Decimal from 'decimal.js'
import { z } from 'zod'
import { BREAKER_NAMES, type BreakerName } from './circuit-breaker'
import { startOfUtcDay, startOfUtcWeek } from './utc-periods'

/** Why and until when a breaker is tripped. */
export interface BreakerTrip {
  readonly trippedAt: number
  /** When it re-arms by itself; null when only a manual reset re-arms it. */
  readonly resetAt: number | null
  readonly reason: string
}

/** Realised P&L of one UTC day or week. */
export interface PnlPeriod {
  /** Start of the period, Unix ms (00:00 UTC, Monday for weeks). */
  readonly periodStart: number
  /** Equity when the period began (or when first seen in it); the base of the loss percentage. */
  readonly startEquity: Decimal | null
  readonly realizedPnl: Decimal
}

/** A symbol on which new entries are paused. */
export interface SymbolPause {
  readonly pausedAt: number
  /** When the pause ends by itself; null for until resumed. */
  readonly until: number | null
  readonly reason: string
}

/** Everything the risk engine must remember across restarts. */
export interface RiskState {
  readonly equityPeak: Decimal | null
  readonly lastEquity: Decimal | null
  readonly daily: PnlPeriod
  readonly weekly: PnlPeriod
  readonly consecutiveLosses: number
  /** New entries are refused before this instant (Unix ms); null when no cooldown runs. */
  readonly cooldownUntil: number | null
  /** Each breaker's trip, or null when armed. */
  readonly breakers: Readonly<Record<BreakerName, BreakerTrip | null>>
  readonly pausedSymbols: Readonly<Record<string, SymbolPause>>
  readonly updatedAt: number
}

/** Returns the state of a risk engine that has never run: nothing tripped, no history. */
export function initialRiskState(now: number): RiskState {
  return {
    equityPeak: null,
    lastEquity: null,
    daily: { periodStart: startOfUtcDay(now), startEquity: null, realizedPnl: new Decimal(0) },
    weekly: { periodStart: startOfUtcWeek(now), startEquity: null, realizedPnl: new Decimal(0) },
    consecutiveLosses: 0,
    cooldownUntil: null,
    breakers: { daily_loss: null, weekly_loss: null, max_drawdown: null, volatility: null },
    pausedSymbols: {},
    updatedAt: now,
  }
}

const decimalString = z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i, 'expected a decimal string')
const instant = z.number().int()

const breakerTripSchema = z.object({
  trippedAt: instant,
  resetAt: instant.nullable(),
  reason: z.string(),
})

const pnlPeriodSchema = z.object({
  periodStart: instant,
  startEquity: decimalString.nullable(),
  realizedPnl: decimalString,
})

/** Schema of the JSON form of {@link RiskState}, as stored. */
export const riskStateRecordSchema = z.object({
  equityPeak: decimalString.nullable(),
  lastEquity: decimalString.nullable(),
  daily: pnlPeriodSchema,
  weekly: pnlPeriodSchema,
  consecutiveLosses: z.number().int().min(0),
  cooldownUntil: instant.nullable(),
  breakers: z.object(
    Object.fromEntries(BREAKER_NAMES.map((name) => [name, breakerTripSchema.nullable()])) as Record<
      BreakerName,
      z.ZodNullable<typeof breakerTripSchema>
    >,
  ),
  pausedSymbols: z.record(
    z.string(),
    z.object({ pausedAt: instant, until: instant.nullable(), reason: z.string() }),
  ),
  updatedAt: instant,
})

/** The JSON form of {@link RiskState}: decimals as strings, instants as Unix ms. */
export type RiskStateRecord = z.infer<typeof riskStateRecordSchema>

const decimalOrNull = (value: Decimal | null): string | null =>
  value === null ? null : value.toFixed()

const toDecimalOrNull = (value: string | null): Decimal | null =>
  value === null ? null : new Decimal(value)

/** Returns the JSON form of a risk state. */
export function toRiskStateRecord(state: RiskState): RiskStateRecord {
  const period = (p: PnlPeriod) => ({
    periodStart: p.periodStart,
    startEquity: decimalOrNull(p.startEquity),
    realizedPnl: p.realizedPnl.toFixed(),
  })
  return {
    equityPeak: decimalOrNull(state.equityPeak),
    lastEquity: decimalOrNull(state.lastEquity),
    daily: period(state.daily),
    weekly: period(state.weekly),
    consecutiveLosses: state.consecutiveLosses,
    cooldownUntil: state.cooldownUntil,
    breakers: { ...state.breakers },
    pausedSymbols: { ...state.pausedSymbols },
    updatedAt: state.updatedAt,
  }
}

/**
 * Parses a stored risk state. Throws with the offending paths when the record is malformed:
 * starting with a blank state instead could silently re-arm a tripped breaker.
 */
export function parseRiskStateRecord(record: unknown): RiskState {
  const parsed = riskStateRecordSchema.safeParse(record)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `path=${issue.path.join('.') || '(root)'} problem=${issue.message}`)
      .join('; ')
    throw new Error(`stored risk state is invalid: ${issues}`)
  }
  const value = parsed.data
  const period = (p: z.infer<typeof pnlPeriodSchema>): PnlPeriod => ({
    periodStart: p.periodStart,
    startEquity: toDecimalOrNull(p.startEquity),
    realizedPnl: new Decimal(p.realizedPnl),
  })
  return {
    equityPeak: toDecimalOrNull(value.equityPeak),
    lastEquity: toDecimalOrNull(value.lastEquity),
    daily: period(value.daily),
    weekly: period(value.weekly),
    consecutiveLosses: value.consecutiveLosses,
    cooldownUntil: value.cooldownUntil,
    breakers: value.breakers,
    pausedSymbols: value.pausedSymbols,
    updatedAt: value.updatedAt,
  }
}
