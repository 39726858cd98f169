import type { RiskAlert, RiskAlertPublisher } from './risk-alert'

/** Collects published alerts in memory; for tests and hosts without a bus. */
export class InMemoryRiskAlertPublisher implements RiskAlertPublisher {
  readonly alerts: RiskAlert[] = []

  async publish(alert: RiskAlert): Promise<void> {
    this.alerts.push(alert)
  }
}
