/**
 * The bus topics, named in this one place (seed 003 section 3.1). Publishers and
 * subscribers refer to `Topics.TA_SIGNALS` rather than spelling the string.
 */
export const Topics = {
  MARKET_DATA: 'market_data',
  TA_SIGNALS: 'ta_signals',
  REGIME_UPDATES: 'regime_updates',
  SENTIMENT_UPDATES: 'sentiment_updates',
  TRADING_SIGNALS: 'trading_signals',
  RISK_ALERTS: 'risk_alerts',
  EXECUTION_EVENTS: 'execution_events',
  PORTFOLIO_UPDATES: 'portfolio_updates',
  SYSTEM_EVENTS: 'system_events',
} as const

/** A topic name, such as `'ta_signals'`. */
export type Topic = (typeof Topics)[keyof typeof Topics]

/** Every topic, in declaration order. */
export const TOPICS: readonly Topic[] = Object.freeze(Object.values(Topics))

const topicSet: ReadonlySet<string> = new Set(TOPICS)

/** Returns true when `value` names a bus topic. */
export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && topicSet.has(value)
}
