import { toRiskEventRecord, type RiskEvent, type RiskEventRecorder } from '../../risk'
import type { Database } from '../database'
import { riskEvents } from '../schema'
import { WriteBehind } from '../write-behind'

/**
 * Writes risk events to `risk_events`, one row each. For a validation, `proposal` holds
 * the proposal as received and `result` the proposal after validation with every rule's
 * check (`{ proposal, checks }`); for breaker and cooldown events, `proposal` is null and
 * `result` holds the event's data (breaker, reset time, streak length). Readers of the table
 * flush the {@link WriteBehind} first.
 */
export class DatabaseRiskEventRecorder implements RiskEventRecorder {
  constructor(
    db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores one event (or queues it, see {@link WriteBehind}). */
  record(event: RiskEvent): Promise<void> {
    const record = toRiskEventRecord(event)
    const isValidation = record.type === 'validation'
    return this.writes.append(riskEvents, {
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
