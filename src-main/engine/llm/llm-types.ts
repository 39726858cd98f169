import type Decimal from 'decimal.js'
import type { LlmError } from './llm-error'
import type { RulesTask } from './rules/rules-task'

/** Every provider a model in agents.yaml may name. */
export type ProviderName = 'ollama' | 'openai' | 'anthropic' | 'deepseek' | 'xai' | 'rules'

/** Providers reached with an API key. */
export type KeyedProviderName = 'openai' | 'anthropic' | 'deepseek' | 'xai'

/** The agents that ask models; route keys of agents.yaml. */
export type AgentName =
  | 'technical_analysis'
  | 'regime_detection'
  | 'sentiment'
  | 'trading_decision'
  | 'coordinator'
  | 'portfolio_rebalance'

/** Local small models get shorter prompts than API models. */
export type ModelTier = 'local' | 'api'

/** One entry of the model catalogue in agents.yaml, with its catalogue key. */
export interface ModelSpec {
  /** The catalogue key, e.g. `qwen`. */
  readonly key: string
  readonly provider: ProviderName
  /** The provider's model id, e.g. `qwen2.5:7b`. */
  readonly id: string
  readonly tier: ModelTier
  readonly contextTokens: number
  readonly maxOutputTokens: number
  /** USD per million input tokens. */
  readonly inputPricePerMtok: number
  /** USD per million output tokens. */
  readonly outputPricePerMtok: number
}

/** A chat turn after the system prompt. */
export interface LlmMessage {
  readonly role: 'user' | 'assistant'
  readonly content: string
}

/** The JSON Schema an answer must satisfy; providers that support it constrain the output. */
export interface JsonOutputSpec {
  readonly name: string
  readonly schema: Readonly<Record<string, unknown>>
}

/** One call to one model. */
export interface GenerateRequest {
  readonly model: ModelSpec
  readonly system: string
  readonly messages: readonly LlmMessage[]
  readonly jsonSchema?: JsonOutputSpec
  readonly temperature?: number
  /** Defaults to the model's `maxOutputTokens`. */
  readonly maxOutputTokens?: number
  /** Time allowed for this call, on the injected clock. */
  readonly timeoutMs: number
  readonly signal?: AbortSignal
  /** The structured input the rules provider answers from; model providers ignore it. */
  readonly task?: RulesTask
}

/** Tokens a call consumed, as the provider reported them. */
export interface TokenUsage {
  readonly inputTokens: number
  readonly outputTokens: number
}

/** What every answer carries, successful or not. */
interface GenerateOutcome {
  readonly provider: ProviderName
  readonly modelId: string
  readonly usage: TokenUsage
  readonly latencyMs: number
  readonly costUsd: Decimal
  /** True when the answer came from a recording rather than the provider. */
  readonly isFromRecording: boolean
}

/** A provider's answer. `parsed` is the JSON value of `text` when JSON was asked for and it parses. */
export interface GenerateSuccess extends GenerateOutcome {
  readonly ok: true
  readonly text: string
  readonly parsed?: unknown
}

/** A call that produced no answer; the error says what to do about it. */
export interface GenerateFailure extends GenerateOutcome {
  readonly ok: false
  readonly error: LlmError
}

export type GenerateResult = GenerateSuccess | GenerateFailure

/** One way of reaching models. Never throws: every failure is a {@link GenerateFailure}. */
export interface LlmProvider {
  readonly name: ProviderName
  /**
   * True when the provider answers from the request's task alone and never reads the
   * prompt (the rules provider): the router then builds none, which would cost more than
   * the answer.
   */
  readonly isPromptIgnored?: boolean
  generate(request: GenerateRequest): Promise<GenerateResult>
  /** Returns false when the provider cannot be called at all (no API key). */
  isConfigured(): Promise<boolean>
  /**
   * Loads what the provider's calls need (its SDK) when it can be called, so that a load
   * failure is known before the first call. Resolves to the error every call fails with
   * while the load fails (`sdk_load_failed`), else null; never rejects. Providers built
   * ready have none.
   */
  preload?(): Promise<LlmError | null>
}

/** The set of providers, one per name. */
export type ProviderRegistry = ReadonlyMap<ProviderName, LlmProvider>
