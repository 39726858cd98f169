export { ChainedApiKeyStore, EnvApiKeyStore, type ApiKeyStore } from './api-key-store'
export { createLlmLayer, type LlmLayer, type LlmLayerOptions } from './create-llm-layer'
export { callWithDeadline, type DeadlineOutcome } from './deadline'
export {
  HealthTracker,
  type CallHealth,
  type HealthStatus,
  type HealthTrackerOptions,
  type ModelHealth,
  type ProviderHealth,
} from './health-tracker'
export {
  describeIssues,
  outputJsonSchema,
  parseJsonText,
  repairInstruction,
  type JsonText,
} from './json-output'
export type { LlmCallPurpose, LlmCallRecord, LlmCallSink } from './llm-call-record'
export {
  countsAgainstHealth,
  errorFromStatus,
  isRetryable,
  llmError,
  type LlmError,
  type LlmErrorKind,
} from './llm-error'
export {
  LlmRecorder,
  LlmRecording,
  RecordingFileError,
  RecordingProvider,
  ReplayProvider,
  withRecordReplay,
  type RecordedCall,
  type RecordReplayMode,
} from './llm-recording'
export {
  BASE_BACKOFF_MS,
  LlmRouter,
  MAX_BACKOFF_MS,
  type LlmRouterOptions,
  type ModelFailure,
  type ModelOutcome,
  type ModelPrompt,
  type ModelSuccess,
  type RoutedRequest,
  type RoutedResult,
  wasAsked,
} from './llm-router'
export type * from './llm-types'
export { addUsage, costUsd, modelCatalog, NO_USAGE } from './model-catalog'
export {
  parseModelHealth,
  type ModelHealthRecord,
  type ModelHealthResult,
  type ModelHealthStore,
  type StoredModelHealth,
} from './model-health-record'
export {
  OllamaModelManager,
  type OllamaModelDetails,
  type OllamaModelInfo,
  type OllamaModelManagerOptions,
  type OllamaResult,
  type OllamaRunningModel,
  type PullOptions,
  type PullProgress,
} from './ollama-model-manager'
export {
  PromptBuilder,
  type BuiltPrompt,
  type PromptBuilderOptions,
  type PromptBuildInput,
  type PromptCut,
  type PromptSection,
} from './prompt-builder'
export {
  AGENT_TEMPLATES,
  TIER_PROFILES,
  type AgentTemplate,
  type TierProfile,
} from './prompt-templates'
// The SDK-backed providers are imported from their own modules: re-exporting them here would
// load every SDK with the barrel (createProviders loads each on first use).
export type { AnthropicProvider } from './providers/anthropic-provider'
export { createProviders, type CreateProvidersOptions } from './providers/create-providers'
export { DeferredProvider, type DeferredProviderOptions } from './providers/deferred-provider'
export type { OllamaProvider } from './providers/ollama-provider'
export type {
  OpenAiCompatibleName,
  OpenAiCompatibleProvider,
} from './providers/openai-compatible-provider'
export { answer as rulesAnswer, RulesProvider } from './providers/rules-provider'
export { requestHash, stableStringify } from './request-hash'
export {
  conflictResolutionByRules,
  portfolioStrategyByRules,
  sentimentByRules,
  tradingDecisionByRules,
} from './rules/decision-rules'
export {
  DEFAULT_REGIME_THRESHOLDS,
  regimeByRules,
  type RegimeThresholds,
} from './rules/regime-rules'
export type { RulesTask } from './rules/rules-task'
export { technicalAnalysisByRules } from './rules/technical-analysis-rules'
export { estimateTokens } from './token-estimate'
