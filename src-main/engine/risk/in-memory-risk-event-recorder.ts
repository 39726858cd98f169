import type { RiskEvent, RiskEventRecorder } from './risk-event'

/** Keeps recorded risk events in memory; for tests and hosts without a database. */
export class InMemoryRiskEventRecorder implements RiskEventRecorder {
  readonly events: RiskEvent[] = []

  async record(event: RiskEvent): Promise<void> {
    this.events.push(event)
  }
}
