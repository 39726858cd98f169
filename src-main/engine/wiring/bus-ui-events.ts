import { summarizeAgentOutput } from '../../../src-shared/agent-summary'
import { PORTFOLIO_CHANGES, type PortfolioChange } from '../../../src-shared/contract'
import type { MessageBus, Topic } from '../bus'
import type { EngineEventHub } from '../events/engine-event-hub'
import { summarizePortfolioChange } from './portfolio-change-summary'

const SUBSCRIBER_ID = 'ui-events'

/** The agent topics the UI's feed and latest-signal table follow. */
const AGENT_TOPICS = [
  'ta_signals',
  'regime_updates',
  'sentiment_updates',
  'trading_signals',
] as const satisfies readonly Topic[]

/**
 * Forwards what the agents, the risk engine and the portfolio publish on the bus to the
 * hosts as engine events: each agent output as `agent.output`, each risk alert (a breaker
 * tripped or re-armed) as `risk.alert` and each portfolio change as `portfolio.changed`
 * (a rebalance check that planned nothing changed nothing), so the feed, the scheduled
 * batches and the desktop notifications see them as they happen. Returns the function that
 * stops forwarding.
 */
export function forwardBusEventsToUi(bus: MessageBus, events: EngineEventHub): () => void {
  const unsubscribes = AGENT_TOPICS.map((topic) =>
    bus.subscribe(SUBSCRIBER_ID, topic, (message) => {
      const payload = message.payload as Record<string, unknown>
      events.emit({
        type: 'agent.output',
        at: message.timestamp,
        agent: message.source,
        symbol: typeof payload.symbol === 'string' ? payload.symbol : null,
        summary: summarizeAgentOutput(payload),
        correlationId: message.correlationId,
      })
    }),
  )
  unsubscribes.push(
    bus.subscribe(SUBSCRIBER_ID, 'risk_alerts', (message) => {
      events.emit({
        type: 'risk.alert',
        at: message.timestamp,
        alertType: message.payload.alert_type,
        severity: message.payload.severity,
        message: message.payload.message,
      })
    }),
  )
  unsubscribes.push(
    bus.subscribe(SUBSCRIBER_ID, 'portfolio_updates', (message) => {
      const { event_type: change, data = {} } = message.payload
      if (!isPortfolioChange(change)) return
      if (change === 'rebalance_checked' && data['action'] !== 'rebalance') return
      events.emit({
        type: 'portfolio.changed',
        at: message.timestamp,
        change,
        summary: summarizePortfolioChange(change, data),
        correlationId: message.correlationId,
      })
    }),
  )
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe()
  }
}

function isPortfolioChange(value: string): value is PortfolioChange {
  return (PORTFOLIO_CHANGES as readonly string[]).includes(value)
}
