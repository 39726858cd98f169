import type { BreakerName, BreakerResetKind } from './circuit-breaker'

/** Severity of a risk alert. */
export type RiskAlertSeverity = 'low' | 'medium' | 'high' | 'critical'

/**
 * A `risk_alerts` message payload (seed 003): a breaker tripped (`circuit_breaker`,
 * `action_required: halt_trading`) or re-armed (`circuit_breaker_reset`, `none`).
 */
export interface RiskAlert {
  readonly alert_type: 'circuit_breaker' | 'circuit_breaker_reset'
  readonly severity: RiskAlertSeverity
  readonly message: string
  readonly action_required: 'halt_trading' | 'none'
  readonly breaker: BreakerName
  /** ISO-8601 UTC time of the trip or reset. */
  readonly occurred_at: string
  /** When a tripped breaker re-arms by itself (ISO-8601 UTC); null for manual reset only. */
  readonly reset_at: string | null
  /** On a reset: `expired` when the breaker re-armed by itself, `manual` when a person reset it. */
  readonly reset_kind?: BreakerResetKind
  /** Breakers still tripped after this alert; new entries are allowed when it is empty. */
  readonly active_breakers: readonly BreakerName[]
}

/** Sends risk alerts to the rest of the engine (the bus's `risk_alerts` topic). */
export interface RiskAlertPublisher {
  publish(alert: RiskAlert): Promise<void>
}
