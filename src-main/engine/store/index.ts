export type { Database, Store, StoreDriver } from './database'
export { DataFolderLock, DataFolderLockedError } from './data-folder-lock'
export { migrateStore, type SchemaVersion } from './migrate'
export { openStore, redactUrl, type StoreOptions } from './open-store'
export { applyTimescale, hypertableStatements } from './timescale'
export { CandleRepository, type StoredCandle } from './repositories/candle-repository'
export { DatabaseRiskEventRecorder } from './repositories/risk-event-recorder'
export { DatabaseRiskStateRepository } from './repositories/risk-state-repository'
export {
  CoordinatorStateRepository,
  type CoordinatorStateRow,
} from './repositories/coordinator-state-repository'
export {
  ConflictResolutionRepository,
  type ConflictResolutionEntry,
} from './repositories/conflict-resolution-repository'
export * as schema from './schema'
export {
  AgentOutputRepository,
  type AgentOutputRecord,
  type StoredAgentOutput,
} from './repositories/agent-output-repository'
export { LlmCallRepository, type LlmCostSummary } from './repositories/llm-call-repository'
export { LlmModelHealthRepository } from './repositories/llm-model-health-repository'
export {
  HORIZON_MS,
  ModelComparisonRepository,
  OUTCOME_HORIZONS,
  type ModelComparisonRecord,
  type ModelStats,
  type OutcomeHorizon,
  type StoredModelComparison,
} from './repositories/model-comparison-repository'
export {
  TradingDecisionRepository,
  type StoredTradingDecision,
  type TradingDecisionRecord,
} from './repositories/trading-decision-repository'
