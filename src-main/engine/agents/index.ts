export {
  INDICATOR_NAMES,
  type MarketSnapshot,
  type SnapshotCandle,
  type TimeframeSnapshot,
} from './agent-context'
export type { AgentPublisher, AgentTopic } from './agent-publisher'
export { agentMessageTtls, busPublisher } from './bus-publisher'
export {
  SingleModelAgent,
  type AgentAttempt,
  type AgentDependencies,
  type AgentRunOptions,
  type AgentRunResult,
} from './base-agent'
export { buildConsensus, median, type Consensus, type Vote } from './consensus'
export {
  judge,
  OutcomeTracker,
  type OutcomeTrackerOptions,
  type PriceLookup,
} from './outcome-tracker'
export * from './output-schemas'
export { RegimeDetectionAgent } from './regime-detection-agent'
export { SentimentAgent } from './sentiment-agent'
export { snapshotSections } from './snapshot-sections'
export { TechnicalAnalysisAgent } from './technical-analysis-agent'
export {
  TradingDecisionAgent,
  tradingDecisionSettings,
  type ModelAnswer,
  type TradingDecisionDependencies,
  type TradingDecisionInputs,
  type TradingDecisionResult,
  type TradingDecisionSettings,
} from './trading-decision-agent'
