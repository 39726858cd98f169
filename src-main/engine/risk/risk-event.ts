import { assertNever } from '../../../src-shared/assert-never'
import type { BreakerName } from './circuit-breaker'
import type { RiskCheck, RiskStatus } from './risk-validation'
import { toTradeProposalRecord, type TradeProposal } from './trade-proposal'

/** One validation decision: the proposal as received, the result, and why. */
export interface RiskValidationEvent {
  readonly type: 'validation'
  readonly occurredAt: number
  readonly symbol: string
  readonly correlationId: string | null
  readonly status: RiskStatus
  readonly proposal: TradeProposal
  /** The proposal after validation (the same object unless modified). */
  readonly result: TradeProposal
  readonly reasons: readonly string[]
  readonly checks: readonly RiskCheck[]
}

/** A circuit breaker tripped. */
export interface BreakerTrippedEvent {
  readonly type: 'breaker_tripped'
  readonly occurredAt: number
  readonly breaker: BreakerName
  readonly reason: string
  readonly resetAt: number | null
}

/** A circuit breaker re-armed, by expiry or by hand. */
export interface BreakerResetEvent {
  readonly type: 'breaker_reset'
  readonly occurredAt: number
  readonly breaker: BreakerName
  readonly reason: string
}

/** A losing streak started a cooldown of new entries. */
export interface CooldownStartedEvent {
  readonly type: 'cooldown_started'
  readonly occurredAt: number
  readonly consecutiveLosses: number
  readonly until: number
}

/** Everything the risk engine records in `risk_events`, discriminated on `type`. */
export type RiskEvent =
  RiskValidationEvent | BreakerTrippedEvent | BreakerResetEvent | CooldownStartedEvent

/** Records risk events (the `risk_events` table). */
export interface RiskEventRecorder {
  record(event: RiskEvent): Promise<void>
}

/** The JSON form of a risk event: common columns plus the type's own data. */
export interface RiskEventRecord {
  type: RiskEvent['type']
  occurredAt: number
  symbol: string | null
  correlationId: string | null
  status: RiskStatus | null
  reasons: string[]
  data: Record<string, unknown>
}

/** Returns the JSON form of a risk event, decimals as strings. */
export function toRiskEventRecord(event: RiskEvent): RiskEventRecord {
  const base = { type: event.type, occurredAt: event.occurredAt }
  switch (event.type) {
    case 'validation':
      return {
        ...base,
        symbol: event.symbol,
        correlationId: event.correlationId,
        status: event.status,
        reasons: [...event.reasons],
        data: {
          proposal: toTradeProposalRecord(event.proposal),
          result: toTradeProposalRecord(event.result),
          checks: event.checks.map((check) => ({ ...check })),
        },
      }
    case 'breaker_tripped':
      return {
        ...base,
        symbol: null,
        correlationId: null,
        status: null,
        reasons: [event.reason],
        data: { breaker: event.breaker, resetAt: event.resetAt },
      }
    case 'breaker_reset':
      return {
        ...base,
        symbol: null,
        correlationId: null,
        status: null,
        reasons: [event.reason],
        data: { breaker: event.breaker },
      }
    case 'cooldown_started':
      return {
        ...base,
        symbol: null,
        correlationId: null,
        status: null,
        reasons: [],
        data: { consecutiveLosses: event.consecutiveLosses, until: event.until },
      }
    default:
      return assertNever(event)
  }
}
