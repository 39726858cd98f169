import Decimal from 'decimal.js'
import { assertNever } from '../../../src-shared/assert-never'
import type { RiskStatus } from '../../../src-shared/contract'
import { BREAKER_NAMES, type BreakerName } from './circuit-breaker'
import type { RiskSettings } from './risk-config'
import type { RiskState } from './risk-state'
import { isoTime } from './utc-periods'

const HUNDRED = new Decimal(100)

/** Returns what re-arms a breaker, in words, for an armed breaker. */
function resetRule(breaker: BreakerName, settings: RiskSettings): string {
  switch (breaker) {
    case 'daily_loss':
      return 'automatic at the next 00:00 UTC'
    case 'weekly_loss':
      return 'automatic at the next Monday 00:00 UTC'
    case 'max_drawdown':
      return 'manual reset'
    case 'volatility':
      return `automatic ${settings.circuit_breakers.volatility.halt_minutes} minutes after the last abnormal reading`
    default:
      return assertNever(breaker)
  }
}

/** Returns the risk state as the `risk:status` DTO of the contract (decimals as strings). */
export function toRiskStatus(state: RiskState, settings: RiskSettings): RiskStatus {
  const peak = state.equityPeak
  const equity = state.lastEquity
  const drawdownPct =
    peak !== null && equity !== null && peak.gt(0) && equity.lt(peak)
      ? peak.minus(equity).div(peak).times(HUNDRED).toDecimalPlaces(2)
      : new Decimal(0)
  return {
    breakers: BREAKER_NAMES.map((name) => {
      const trip = state.breakers[name]
      return {
        name,
        isTripped: trip !== null,
        trippedAt: trip === null ? null : trip.trippedAt,
        reason: trip === null ? null : trip.reason,
        resetCondition:
          trip === null
            ? resetRule(name, settings)
            : trip.resetAt === null
              ? 'manual reset'
              : `automatic at ${isoTime(trip.resetAt)}`,
      }
    }),
    equityPeak: (peak ?? new Decimal(0)).toFixed(),
    dailyPnl: state.daily.realizedPnl.toFixed(),
    weeklyPnl: state.weekly.realizedPnl.toFixed(),
    drawdownPct: drawdownPct.toFixed(),
    consecutiveLosses: state.consecutiveLosses,
    cooldownUntil: state.cooldownUntil,
    pausedSymbols: Object.keys(state.pausedSymbols).sort(),
  }
}
