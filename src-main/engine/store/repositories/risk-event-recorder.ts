import { toRiskEventRecord, type RiskEvent, type RiskEventRecorder } from '../../risk'
import type { Database } from '../database'
import { riskEvents } from '../schema'

/**
 * Writes risk events to `risk_events`, one row each. For a validation, `proposal` holds
 * the proposal as received and `result` the proposal after validation with every rule's
 * check (`{ proposal, checks }`); for breaker and cooldown events, `proposal` is null and
 * `result` holds the event's data (breaker, reset time, streak length).
 */
export class DatabaseRiskEventRecorder implements RiskEventRecorder {
  constructor(private readonly db: Database) {}

  async record(event: RiskEvent): Promise<void> {
    const record = toRiskEventRecord(event)
    const isValidation = record.type === 'validation'
    await this.db.insert(riskEvents).values({
      createdAt: new Date(record.occurredAt),
      correlationId: record.correlationId,
      symbol: record.symbol,
      eventType: record.type,
      status: record.status,
      proposal: isValidation ? record.data.proposal : null,
      result: isValidation
        ? { proposal: record.data.result, checks: record.data.checks }
        : record.data,
      reasons: record.reasons,
    })
  }
}
