/** The bus topics agents publish to (seed 003). */
export type AgentTopic = 'ta_signals' | 'regime_updates' | 'sentiment_updates' | 'trading_signals'

/**
 * The agents' view of the message bus: publish a payload on a topic with the run's
 * correlation id. The composition root adapts the MessageBus to it.
 */
export interface AgentPublisher {
  publish(
    topic: AgentTopic,
    payload: Readonly<Record<string, unknown>>,
    options: { readonly correlationId: string; readonly source: string },
  ): void | Promise<void>
}
