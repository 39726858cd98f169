import Decimal from 'decimal.js'
import type { z } from 'zod'
import type { Clock } from '../clock'
import type { AgentsConfig } from '../config/schemas/agents'
import type { Logger } from '../logging/logger'
import {
  HealthTracker,
  providerHealthOf,
  type CallHealth,
  type ModelHealth,
  type ProviderHealth,
} from './health-tracker'
import type { LlmCallPurpose, LlmCallSink } from './llm-call-record'
import { isRetryable, llmError, type LlmError } from './llm-error'
import type {
  AgentName,
  GenerateRequest,
  GenerateResult,
  GenerateSuccess,
  LlmMessage,
  ModelSpec,
  ProviderName,
  ProviderRegistry,
  TokenUsage,
} from './llm-types'
import { describeIssues, outputJsonSchema, parseJsonText, repairInstruction } from './json-output'
import { addUsage, modelCatalog, NO_USAGE } from './model-catalog'
import { parseModelHealth, type ModelHealthStore } from './model-health-record'
import { unavailableError } from './providers/provider-result'
import { requestHash } from './request-hash'
import type { RulesTask } from './rules/rules-task'

/** Whether a provider can be called: it has its key, and its SDK loads. */
interface ProviderReadiness {
  readonly isConfigured: boolean
  readonly loadError: LlmError | null
}

/** A catalogue provider missing from the registry: never called. */
const NOT_SET_UP: ProviderReadiness = { isConfigured: false, loadError: null }

/** What a provider that answers from the task is sent instead of a prompt. */
const NO_PROMPT: ModelPrompt = { system: '', messages: [] }

/** The first retry waits this long unless the provider says otherwise; each next one twice as long. */
export const BASE_BACKOFF_MS = 500
/** No retry waits longer than this, whatever the provider asks. */
export const MAX_BACKOFF_MS = 30_000

/** A prompt for one model: tier-specific system and user messages. */
export interface ModelPrompt {
  readonly system: string
  readonly messages: readonly LlmMessage[]
}

/** What an agent asks of the router. */
export interface RoutedRequest<T> {
  readonly agent: AgentName
  readonly correlationId?: string
  /** Validates the answer; the JSON Schema sent to models is derived from it. */
  readonly schema: z.ZodType<T>
  readonly schemaName: string
  /** Builds the prompt for a model; called once per model tried, so tiers can differ. */
  readonly prompt: (model: ModelSpec) => ModelPrompt
  /** What the rules provider answers from. */
  readonly task?: RulesTask
  /** Per-call timeout; the agent's route timeout by default. */
  readonly timeoutMs?: number
  /**
   * Time the request may take (in `complete`, the whole chain; in `ask`, the one model),
   * counted as accounted time: call latencies (the recorded ones in replay) plus backoff
   * delays. Whether a call or a retry is still started is decided on this count, never on
   * the clock, so a replay starts exactly the calls the recorded run started; a running
   * call is cut by its timeout (at most what is left), and that cut is part of its
   * recorded result. The gaps between calls (storing the accounting row, a timer firing
   * late) are not counted: they are scheduling noise that no recording holds.
   */
  readonly budgetMs?: number
  readonly signal?: AbortSignal
  readonly temperature?: number
  /** Model keys to try in order; the agent's route by default. */
  readonly models?: readonly string[]
}

interface Accounting {
  readonly usage: TokenUsage
  /**
   * Time spent on this model: call latencies (the recorded ones in replay), backoff and
   * repair included, so a replay repeats it exactly.
   */
  readonly latencyMs: number
  readonly costUsd: Decimal
  /** Provider calls made (answer, retries, repair). */
  readonly calls: number
}

/** One model's validated answer. */
export interface ModelSuccess<T> extends Accounting {
  readonly ok: true
  readonly value: T
  readonly text: string
  readonly model: ModelSpec
  readonly wasRepaired: boolean
  readonly isFromRecording: boolean
}

/** One model that gave no usable answer; `text` is its last answer when it gave one. */
export interface ModelFailure extends Accounting {
  readonly ok: false
  readonly error: LlmError
  readonly text: string | null
  readonly model: ModelSpec | null
}

export type ModelOutcome<T> = ModelSuccess<T> | ModelFailure

/**
 * Whether the model was sent a request at all: one without an API key, skipped as unhealthy
 * or out of time before its call was never asked, casts no vote and leaves no output.
 */
export function wasAsked(outcome: Pick<Accounting, 'calls'>): boolean {
  return outcome.calls > 0
}

/** The outcome of a routed request: the answer (or last failure) and the failures before it. */
export type RoutedResult<T> = ModelOutcome<T> & { readonly failures: readonly ModelFailure[] }

export interface LlmRouterOptions {
  readonly config: AgentsConfig
  readonly providers: ProviderRegistry
  readonly clock: Clock
  readonly logger: Logger
  /** Receives one accounting row per provider call. */
  readonly calls?: LlmCallSink
  /** Keeps each model's call health across restarts ({@link LlmRouter.restoreHealth}). */
  readonly healthStore?: ModelHealthStore
}

/**
 * Routes agent requests to models: the agent's model, then its fallbacks, then the offline
 * fallback. Per call: a timeout; retries only for 429, overload and 5xx (llm.max_retries);
 * zod validation with one repair attempt. Repeatedly failing models are skipped for a while
 * ({@link HealthTracker}). Never throws: every outcome is a value.
 */
export class LlmRouter {
  /** The model catalogue of agents.yaml. */
  readonly catalog: ReadonlyMap<string, ModelSpec>
  private readonly tracker: HealthTracker
  private isRulesOnlyMode = false
  /** Health saves not settled yet, for {@link flushHealth}. */
  private readonly pendingHealthSaves = new Set<Promise<void>>()
  /** Models whose last health save failed: saved again at their next change or flush. */
  private readonly unsavedHealth = new Set<string>()

  constructor(private readonly options: LlmRouterOptions) {
    this.catalog = modelCatalog(options.config)
    this.tracker = new HealthTracker({
      clock: options.clock,
      failuresBeforeUnhealthy: options.config.llm.failures_before_unhealthy,
      unhealthyMs: options.config.llm.unhealthy_seconds * 1000,
      onCallHealthChange: (model, health) => this.saveHealth(model, health),
    })
  }

  /** True in rules-only mode (EMERGENCY degradation): no model is called. */
  get isRulesOnly(): boolean {
    return this.isRulesOnlyMode
  }

  /** Switches rules-only mode on or off; the coordinator does this on EMERGENCY. */
  setRulesOnly(isRulesOnly: boolean): void {
    if (isRulesOnly !== this.isRulesOnlyMode) {
      this.options.logger.warn({ isRulesOnly }, 'LLM router rules-only mode changed')
    }
    this.isRulesOnlyMode = isRulesOnly
  }

  /** Returns the model keys an agent tries, in order, offline fallback included. */
  chain(agent: AgentName): string[] {
    const routes = this.options.config.agents
    const keys =
      agent === 'trading_decision'
        ? [...routes.trading_decision.models]
        : [routes[agent].model, ...routes[agent].fallbacks]
    const offline = this.options.config.llm.offline_fallback
    if (offline && agent !== 'trading_decision' && !keys.includes(offline)) keys.push(offline)
    return keys
  }

  /** Returns the per-call timeout of an agent's route. */
  timeoutMs(agent: AgentName): number {
    const routes = this.options.config.agents
    return agent === 'trading_decision'
      ? routes.trading_decision.deadline_ms
      : routes[agent].timeout_ms
  }

  /**
   * Applies the call health saved by earlier runs; call once, before the first call. A row
   * that does not validate is logged and its model starts fresh; a row of a model no longer in
   * the catalogue (or whose key now names another model) is left out. A store that cannot be
   * read is logged and every model starts fresh: health is advice, not a reason not to start.
   */
  async restoreHealth(): Promise<void> {
    const store = this.options.healthStore
    if (!store) return
    const { logger } = this.options
    let rows
    try {
      rows = await store.load()
    } catch (error) {
      logger.error({ err: error }, 'saved LLM model health could not be read; models start fresh')
      return
    }
    const restored: string[] = []
    for (const row of rows) {
      const model = this.catalog.get(row.model)
      // The rules have no saved health: such a row was not written by the router.
      if (!model || this.isRulesModel(model.key)) {
        logger.info({ model: row.model }, 'saved health of no catalogue LLM ignored')
        continue
      }
      const parsed = parseModelHealth(row)
      if (!parsed.ok) {
        logger.error(
          { model: model.key, problem: parsed.error },
          'saved LLM model health is invalid; the model starts with fresh health',
        )
        continue
      }
      const { record } = parsed
      if (record.provider !== model.provider || record.modelId !== model.id) {
        logger.info(
          { model: model.key, savedProvider: record.provider, savedModelId: record.modelId },
          'saved health of another model under this catalogue key ignored',
        )
        continue
      }
      this.tracker.restore(model.key, record)
      restored.push(model.key)
    }
    logger.info({ models: restored }, 'LLM model health restored')
  }

  /** Resolves once every health save has settled, saving again the ones that failed. */
  async flushHealth(): Promise<void> {
    await Promise.all(this.pendingHealthSaves)
    for (const key of [...this.unsavedHealth]) {
      const model = this.catalog.get(key)
      if (model) this.saveHealth(model, this.tracker.callHealth(key))
    }
    await Promise.all(this.pendingHealthSaves)
  }

  /** Returns the health of every catalogue model and provider. */
  health(): { models: ModelHealth[]; providers: ProviderHealth[] } {
    const models = this.tracker.models(this.catalog.values())
    return { models, providers: providerHealthOf(models) }
  }

  /**
   * Asks every provider whether it has credentials and records the answer in health; a
   * provider with them is preloaded (its SDK imported), and one whose SDK fails to load is
   * marked unhealthy now, with the error its calls fail with, rather than at its first call.
   */
  async refreshAvailability(): Promise<void> {
    const names = new Set([...this.catalog.values()].map((model) => model.provider))
    const readiness = new Map(
      await Promise.all(
        [...names].map(async (name) => [name, await this.readiness(name)] as const),
      ),
    )
    for (const model of this.catalog.values()) {
      const { isConfigured, loadError } = readiness.get(model.provider) ?? NOT_SET_UP
      this.tracker.setAvailable(model, isConfigured)
      this.tracker.setLoadError(model, loadError)
    }
  }

  /** Whether a provider has its credentials and, when it has, whether its SDK loads. */
  private async readiness(name: ProviderName): Promise<ProviderReadiness> {
    const provider = this.options.providers.get(name)
    if (!provider) return NOT_SET_UP
    const isConfigured = await provider.isConfigured()
    const loadError = isConfigured && provider.preload ? await provider.preload() : null
    if (loadError) {
      this.options.logger.warn(
        { provider: name, error: loadError.message },
        'LLM provider SDK failed to load; its models are unhealthy until it loads',
      )
    }
    return { isConfigured, loadError }
  }

  /** Asks the chain of models in order until one gives a valid answer. */
  async complete<T>(request: RoutedRequest<T>): Promise<RoutedResult<T>> {
    const keys = this.effectiveChain(request)
    const failures: ModelFailure[] = []
    const budgetMs = request.budgetMs
    let spentMs = 0
    for (const key of keys) {
      // The rules answer takes no time: it is asked whatever the budget has left.
      const left = budgetMs === undefined || this.isRulesModel(key) ? undefined : budgetMs - spentMs
      if (left !== undefined && left <= 0) continue
      const outcome = await this.askModel(key, request, left)
      if (outcome.ok) return { ...outcome, failures }
      failures.push(outcome)
      spentMs += outcome.latencyMs
      if (outcome.error.kind === 'aborted') break
    }
    const last = failures.at(-1)
    if (!last) {
      const failure = emptyFailure(
        llmError('no_model', `agent=${request.agent} has no model to ask`),
      )
      return { ...failure, failures }
    }
    return { ...last, failures: failures.slice(0, -1) }
  }

  /** Asks one model (retries and one repair included), with no fallback. */
  ask<T>(modelKey: string, request: RoutedRequest<T>): Promise<ModelOutcome<T>> {
    return this.askModel(modelKey, request, request.budgetMs)
  }

  /** {@link ask} with `budgetMs` of accounted time left for this model. */
  private async askModel<T>(
    modelKey: string,
    request: RoutedRequest<T>,
    budgetMs: number | undefined,
  ): Promise<ModelOutcome<T>> {
    const model = this.catalog.get(modelKey)
    if (!model) {
      return emptyFailure(llmError('no_model', `model=${modelKey} is not in the catalogue`))
    }
    const provider = this.options.providers.get(model.provider)
    if (!provider) {
      return emptyFailure(
        llmError('no_model', `model=${modelKey} provider=${model.provider} is not set up`),
        model,
      )
    }
    if (!this.tracker.isUsable(model.key)) {
      return emptyFailure(
        llmError('unhealthy', `model=${modelKey} is skipped after repeated failures`),
        model,
      )
    }
    // Not asked, so not recorded as a call: a model without a key would otherwise add a
    // failed call and output to every decision until a key is set (which re-checks).
    if (this.tracker.isUnavailable(model.key)) {
      return emptyFailure(unavailableError(model.provider), model)
    }
    const prompt = provider.isPromptIgnored && request.task ? NO_PROMPT : request.prompt(model)
    const base: Omit<GenerateRequest, 'timeoutMs'> = {
      model,
      system: prompt.system,
      messages: prompt.messages,
      jsonSchema: outputJsonSchema(request.schemaName, request.schema),
      temperature: request.temperature ?? this.temperature(request.agent),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.task ? { task: request.task } : {}),
    }
    let total: Omit<Accounting, 'latencyMs'> = {
      usage: NO_USAGE,
      costUsd: new Decimal(0),
      calls: 0,
    }
    let spentMs = 0
    const account = (result: GenerateResult, calls: number) => {
      total = {
        usage: addUsage(total.usage, result.usage),
        costUsd: total.costUsd.plus(result.costUsd),
        calls: total.calls + calls,
      }
      spentMs += result.latencyMs
    }
    const elapsed = () => spentMs
    const budgetLeft = () => (budgetMs === undefined ? undefined : budgetMs - spentMs)

    const first = await this.callWithRetries(base, request, 'answer', budgetLeft())
    account(first.result, first.calls)
    if (!first.result.ok) {
      return {
        ok: false,
        error: first.result.error,
        text: null,
        model,
        ...total,
        latencyMs: elapsed(),
      }
    }
    const checked = validate(request.schema, first.result)
    if (checked.ok) {
      return {
        ok: true,
        value: checked.value,
        text: first.result.text,
        model,
        wasRepaired: false,
        isFromRecording: first.result.isFromRecording,
        ...total,
        latencyMs: elapsed(),
      }
    }

    this.options.logger.info(
      { agent: request.agent, model: model.key, problem: checked.problem },
      'model answer invalid; asking once for a repair',
    )
    const repairRequest = {
      ...base,
      messages: [
        ...base.messages,
        { role: 'assistant' as const, content: first.result.text },
        { role: 'user' as const, content: repairInstruction(checked.problem) },
      ],
    }
    const repair = await this.callWithRetries(repairRequest, request, 'repair', budgetLeft())
    account(repair.result, repair.calls)
    if (!repair.result.ok) {
      return {
        ok: false,
        error: repair.result.error,
        text: first.result.text,
        model,
        ...total,
        latencyMs: elapsed(),
      }
    }
    const repaired = validate(request.schema, repair.result)
    if (repaired.ok) {
      return {
        ok: true,
        value: repaired.value,
        text: repair.result.text,
        model,
        wasRepaired: true,
        isFromRecording: repair.result.isFromRecording,
        ...total,
        latencyMs: elapsed(),
      }
    }
    return {
      ok: false,
      error: llmError(
        'invalid_output',
        `agent=${request.agent} model=${model.key} invalid after repair: ${repaired.problem}`,
      ),
      text: repair.result.text,
      model,
      ...total,
      latencyMs: elapsed(),
    }
  }

  /**
   * Saves a model's call health without holding up the call that changed it; a failure is
   * logged, and the model saved again at its next change or {@link flushHealth}. The rules
   * provider always answers: it has no health worth a row.
   */
  private saveHealth(model: ModelSpec, health: CallHealth): void {
    const store = this.options.healthStore
    if (!store || model.provider === 'rules') return
    const record = {
      model: model.key,
      provider: model.provider,
      modelId: model.id,
      ...health,
      updatedAtMs: this.options.clock.now(),
    }
    // A save that throws at once is a failed save like any other, not a failed call.
    const save = new Promise<void>((resolve) => resolve(store.save(record))).then(
      () => {
        this.unsavedHealth.delete(model.key)
      },
      (error: unknown) => {
        this.unsavedHealth.add(model.key)
        this.options.logger.error(
          { err: error, model: model.key },
          'could not save LLM model health; saving again at its next change',
        )
      },
    )
    this.pendingHealthSaves.add(save)
    void save.finally(() => this.pendingHealthSaves.delete(save))
  }

  /** Whether a catalogue model is answered by the rules provider (local code, no time, no cost). */
  private isRulesModel(key: string): boolean {
    return this.catalog.get(key)?.provider === 'rules'
  }

  private effectiveChain(request: RoutedRequest<unknown>): string[] {
    const keys = request.models ? [...request.models] : this.chain(request.agent)
    if (!this.isRulesOnlyMode) return keys
    const rules = keys.filter((key) => this.isRulesModel(key))
    const offline = this.options.config.llm.offline_fallback
    if (rules.length === 0 && offline && this.isRulesModel(offline)) rules.push(offline)
    // Rules-only (EMERGENCY) asks no model, so none could show it answers (again) and the level
    // would never recover: the first model of the chain not known to answer (it failed last and
    // is past its unhealthy spell, or was never asked, as after a restart) is asked first (a
    // probe). Its answer counts; its failure counts against it (a new spell at the threshold,
    // so once per spell) and the rules answer.
    const probe = keys.find((key) => !this.isRulesModel(key) && this.tracker.isProbeDue(key))
    return probe === undefined ? rules : [probe, ...rules]
  }

  /**
   * Calls the model, retrying what is safe to retry. `budgetMs` is the accounted time left
   * (see {@link RoutedRequest.budgetMs}); the decisions here read it, never the clock.
   */
  private async callWithRetries(
    base: Omit<GenerateRequest, 'timeoutMs'>,
    request: RoutedRequest<unknown>,
    purpose: LlmCallPurpose,
    budgetMs: number | undefined,
  ): Promise<{ result: GenerateResult; calls: number }> {
    const { clock } = this.options
    const provider = this.options.providers.get(base.model.provider)
    const timeoutMs = request.timeoutMs ?? this.timeoutMs(request.agent)
    const maxRetries = this.options.config.llm.max_retries
    let calls = 0
    let latencyMs = 0
    for (let attempt = 0; ; attempt++) {
      const remaining = budgetMs === undefined ? timeoutMs : budgetMs - latencyMs
      // Out of time before a call: nothing is sent, and the model's health is not blamed.
      if (remaining <= 0 || !provider) {
        return { result: { ...outOfTime(base, request), latencyMs }, calls }
      }
      const generateRequest: GenerateRequest = {
        ...base,
        timeoutMs: Math.min(timeoutMs, remaining),
      }
      const result = await provider.generate(generateRequest)
      calls++
      latencyMs += result.latencyMs
      await this.account(generateRequest, request, result, attempt === 0 ? purpose : 'retry')
      if (result.ok) this.tracker.recordSuccess(base.model)
      else this.tracker.recordFailure(base.model, result.error)
      if (result.ok || !isRetryable(result.error) || attempt >= maxRetries) {
        return { result: { ...result, latencyMs }, calls }
      }
      if (!this.tracker.isUsable(base.model.key)) return { result: { ...result, latencyMs }, calls }
      const delay = Math.min(
        MAX_BACKOFF_MS,
        result.error.retryAfterMs ?? BASE_BACKOFF_MS * 2 ** attempt,
      )
      if (budgetMs !== undefined && latencyMs + delay >= budgetMs) {
        return { result: { ...result, latencyMs }, calls }
      }
      this.options.logger.info(
        { agent: request.agent, model: base.model.key, error: result.error.kind, delayMs: delay },
        'retrying LLM call',
      )
      await clock.sleep(delay)
      latencyMs += delay
      if (request.signal?.aborted) return { result: { ...result, latencyMs }, calls }
    }
  }

  private async account(
    generateRequest: GenerateRequest,
    request: RoutedRequest<unknown>,
    result: GenerateResult,
    purpose: LlmCallPurpose,
  ): Promise<void> {
    // llm_calls accounts for what asking a model cost. The rules provider is local code with
    // no tokens, cost or latency, and its answer is already in agent_outputs; skipping its row
    // spares a replay a row and a request hash per analysis run.
    if (generateRequest.model.provider === 'rules') return
    const record = {
      createdAtMs: this.options.clock.now(),
      agent: request.agent,
      provider: generateRequest.model.provider,
      model: generateRequest.model.id,
      correlationId: request.correlationId ?? null,
      requestHash: requestHash(generateRequest),
      purpose,
      latencyMs: result.latencyMs,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      costUsd: result.costUsd,
      isSuccess: result.ok,
      isFromRecording: result.isFromRecording,
      error: result.ok ? null : `${result.error.kind}: ${result.error.message}`,
    }
    // Built only when written: a replay makes thousands of rules calls a second.
    if (this.options.logger.isLevelEnabled('debug')) {
      this.options.logger.debug(
        { ...record, costUsd: record.costUsd.toString() },
        result.ok ? 'LLM call succeeded' : 'LLM call failed',
      )
    }
    if (!this.options.calls) return
    try {
      await this.options.calls.record(record)
    } catch (error) {
      this.options.logger.error({ err: error, agent: request.agent }, 'could not store LLM call')
    }
  }

  private temperature(agent: AgentName): number {
    return this.options.config.agents[agent].temperature
  }
}

/** Validates an answer against the schema, reusing the JSON value the provider parsed. */
function validate<T>(
  schema: z.ZodType<T>,
  answer: GenerateSuccess,
): { ok: true; value: T } | { ok: false; problem: string } {
  let value = answer.parsed
  if (value === undefined) {
    const json = parseJsonText(answer.text)
    if (!json.ok) return { ok: false, problem: json.reason }
    value = json.value
  }
  const parsed = schema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  // Models often write an optional field they leave out as null ("stop_loss": null on a
  // HOLD): read that as absent before asking for a repair, which costs a call and a vote.
  const withoutNulls = withoutNullFields(value)
  if (withoutNulls !== value) {
    const lenient = schema.safeParse(withoutNulls)
    if (lenient.success) return { ok: true, value: lenient.data }
  }
  return { ok: false, problem: describeIssues(parsed.error) }
}

/** The object without its null-valued fields (the same value when it has none or is no object). */
function withoutNullFields(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const entries = Object.entries(value)
  if (!entries.some(([, field]) => field === null)) return value
  return Object.fromEntries(entries.filter(([, field]) => field !== null))
}

function emptyFailure(error: LlmError, model: ModelSpec | null = null): ModelFailure {
  return {
    ok: false,
    error,
    text: null,
    model,
    usage: NO_USAGE,
    latencyMs: 0,
    costUsd: new Decimal(0),
    calls: 0,
  }
}

function outOfTime(
  base: Omit<GenerateRequest, 'timeoutMs'>,
  request: RoutedRequest<unknown>,
): GenerateResult {
  return {
    ok: false,
    provider: base.model.provider,
    modelId: base.model.id,
    error: llmError('timeout', `agent=${request.agent} model=${base.model.key} deadline passed`),
    usage: NO_USAGE,
    latencyMs: 0,
    costUsd: new Decimal(0),
    isFromRecording: false,
  }
}
