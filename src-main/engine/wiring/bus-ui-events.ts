import type { MessageBus, Topic } from '../bus'
import type { EngineEventHub } from '../events/engine-event-hub'

const SUBSCRIBER_ID = 'ui-events'

/** The agent topics the UI's feed and latest-signal table follow, with a one-line summary each. */
const AGENT_TOPICS = {
  ta_signals: (payload: Record<string, unknown>) =>
    `${String(payload.trend_direction)} · bias ${String(payload.bias)} · conf ${percent(payload.confidence)}`,
  regime_updates: (payload: Record<string, unknown>) =>
    `${String(payload.regime)} · conf ${percent(payload.confidence)}`,
  sentiment_updates: (payload: Record<string, unknown>) =>
    `${String(payload.bias)} · conf ${percent(payload.confidence)}`,
  trading_signals: (payload: Record<string, unknown>) =>
    `${String(payload.action)} · conf ${percent(payload.confidence)}`,
} as const satisfies Partial<Record<Topic, (payload: Record<string, unknown>) => string>>

/**
 * Forwards what the agents and the risk engine publish on the bus to the hosts as engine
 * events: each agent output as `agent.output` and each risk alert (a breaker tripped or
 * re-armed) as `risk.alert`, so the feed and the desktop notifications see them as they
 * happen. Returns the function that stops forwarding.
 */
export function forwardBusEventsToUi(bus: MessageBus, events: EngineEventHub): () => void {
  const unsubscribes = (Object.keys(AGENT_TOPICS) as (keyof typeof AGENT_TOPICS)[]).map((topic) =>
    bus.subscribe(SUBSCRIBER_ID, topic, (message) => {
      const payload = message.payload as Record<string, unknown>
      events.emit({
        type: 'agent.output',
        at: message.timestamp,
        agent: message.source,
        symbol: typeof payload.symbol === 'string' ? payload.symbol : null,
        summary: AGENT_TOPICS[topic](payload),
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
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe()
  }
}

function percent(value: unknown): string {
  return typeof value === 'number' ? `${Math.round(value * 100)}%` : '?'
}
