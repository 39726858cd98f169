import { MessagePriority, Topics, type MessageBus } from '../bus'
import type { RiskAlert, RiskAlertPublisher } from './risk-alert'

/**
 * Publishes risk alerts on the bus's `risk_alerts` topic: a tripped breaker as URGENT so
 * it overtakes queued work, a re-armed one as NORMAL.
 */
export class BusRiskAlertPublisher implements RiskAlertPublisher {
  constructor(
    private readonly bus: MessageBus,
    private readonly source = 'risk_engine',
  ) {}

  async publish(alert: RiskAlert): Promise<void> {
    this.bus.publish({
      topic: Topics.RISK_ALERTS,
      source: this.source,
      payload: { ...alert, active_breakers: [...alert.active_breakers] },
      priority:
        alert.action_required === 'halt_trading' ? MessagePriority.URGENT : MessagePriority.NORMAL,
    })
  }
}
