import type { TopicPayloadInput } from '../../src-main/engine/bus'

/** The risk engine's alert that a circuit breaker (the daily loss limit) halts trading. */
export function aCircuitBreakerAlert(
  overrides: Partial<TopicPayloadInput<'risk_alerts'>> = {},
): TopicPayloadInput<'risk_alerts'> {
  return {
    alert_type: 'circuit_breaker',
    severity: 'critical',
    message: 'Daily loss limit reached',
    action_required: 'halt_trading',
    ...overrides,
  }
}
