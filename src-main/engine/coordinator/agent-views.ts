import type { TopicPayload } from '../bus'

/** The latest unexpired output of each analysis agent for one symbol; null when there is none. */
export interface AgentViews {
  readonly ta: Readonly<TopicPayload<'ta_signals'>> | null
  readonly regime: Readonly<TopicPayload<'regime_updates'>> | null
  readonly sentiment: Readonly<TopicPayload<'sentiment_updates'>> | null
}
