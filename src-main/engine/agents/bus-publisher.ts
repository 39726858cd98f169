import type { MessageBus, TopicPayloadInput } from '../bus'
import type { AgentPublisher } from './agent-publisher'

/**
 * Adapts the message bus to the agents' publisher port. The bus validates each payload
 * against its topic schema and throws on a bad one; the agents catch and log that.
 */
export function busPublisher(
  bus: MessageBus,
  ttlSeconds: Partial<Record<string, number>> = {},
): AgentPublisher {
  return {
    publish(topic, payload, options) {
      const ttl = ttlSeconds[topic]
      bus.publish({
        topic,
        source: options.source,
        payload: payload as TopicPayloadInput<typeof topic>,
        correlationId: options.correlationId,
        ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
      })
    },
  }
}

/**
 * Message lifetimes that outlast each agent's schedule (twice its interval), so the latest
 * regime or TA reading stays visible until the next run replaces it.
 */
export function agentMessageTtls(intervals: {
  ta: number
  regime: number
  sentiment: number
  decision: number
}): Record<string, number> {
  return {
    ta_signals: intervals.ta * 2,
    regime_updates: intervals.regime * 2,
    sentiment_updates: intervals.sentiment * 2,
    trading_signals: intervals.decision * 2,
  }
}
