import type { MessageBus, TopicPayloadInput } from '../bus'
import type { AgentPublisher } from './agent-publisher'

/**
 * Adapts the message bus to the agents' publisher port. The bus validates each payload
 * against its topic schema and throws on a bad one; the agents catch and log that.
 */
export function busPublisher(bus: MessageBus): AgentPublisher {
  return {
    publish(topic, payload, options) {
      bus.publish({
        topic,
        source: options.source,
        payload: payload as TopicPayloadInput<typeof topic>,
        correlationId: options.correlationId,
      })
    },
  }
}
