export { Coordinator, agentsSkippedAt } from './coordinator'
export type { CoordinatorConfig, CoordinatorOptions, TaskCommandResult } from './coordinator'
export {
  COORDINATOR_EVENTS,
  COORDINATOR_STATES,
  COORDINATOR_TRANSITIONS,
  transitionCoordinator,
} from './coordinator-state'
export type { CoordinatorEvent, CoordinatorState, TransitionResult } from './coordinator-state'
export { parseSnapshot, toStateRow } from './coordinator-snapshot'
export type {
  CoordinatorSnapshot,
  CoordinatorStateStore,
  SnapshotResult,
} from './coordinator-snapshot'
export {
  assessDegradation,
  assessRecovery,
  DEGRADATION_LEVELS,
  severityOf,
} from './degradation-level'
export type {
  DegradationAssessment,
  DegradationLevel,
  DegradationThresholds,
  HealthReading,
  LlmProviderReading,
} from './degradation-level'
export { DegradationMonitor } from './degradation-monitor'
export type { DegradationChange, DegradationMonitorOptions } from './degradation-monitor'
export type { AgentViews } from './agent-views'
export { CONFLICT_TYPES, detectRiskModification, detectSignalConflicts } from './conflict-detection'
export type { Conflict, ConflictType, DetectionThresholds, PeerSignal } from './conflict-detection'
export {
  buildConflictPrompt,
  ConflictResolver,
  COORDINATOR_SYSTEM_PROMPT,
} from './conflict-resolver'
export type {
  ConflictResolution,
  ConflictResolverOptions,
  ResolutionAttempt,
  ResolutionPolicy,
  ResolutionRequest,
} from './conflict-resolver'
export {
  extractJsonObject,
  parseResolution,
  RESOLUTION_ACTIONS,
  signalModificationsSchema,
} from './resolution-parser'
export type {
  ParsedResolution,
  ParseResult,
  ResolutionAction,
  SignalModifications,
} from './resolution-parser'
export {
  BOOST_AGREEMENT,
  buildConsensus,
  consensusVotes,
  MAX_BOOST,
  MAX_REDUCTION,
  REDUCE_AGREEMENT,
} from './consensus'
export type { Consensus, ConsensusVote, Stance } from './consensus'
export type { EntryPricing } from './entry-pricing'
export {
  applyModifications,
  buildProposal,
  describeProposal,
  modificationRefusal,
  toRegimeContext,
} from './signal-proposal'
export type { ProposalInputs, ProposalResult, TradingSignal } from './signal-proposal'
export { SIGNAL_OUTCOMES, SignalPipeline } from './signal-pipeline'
export type {
  ConflictLog,
  ConflictLogEntry,
  PipelineHost,
  PipelineSettings,
  SignalOutcome,
  SignalOutcomeKind,
  SignalPipelineOptions,
} from './signal-pipeline'
export {
  isSkippedAtLevel,
  isTaskName,
  PORTFOLIO_SYMBOL,
  TASK_DEFINITIONS,
  TASK_NAMES,
} from './task-catalogue'
export type { TaskDefinition, TaskName, TaskTier } from './task-catalogue'
export { isRunSkipped, runSkipped } from './run-skipped'
export type { RunSkipped } from './run-skipped'
export { ModelNotAskedError } from './model-not-asked'
export { errorText, TaskScheduler } from './task-scheduler'
export type {
  RunOutcome,
  RunSettled,
  TaskRecord,
  TaskSchedule,
  TaskSchedulerOptions,
} from './task-scheduler'
export type * from './ports'
