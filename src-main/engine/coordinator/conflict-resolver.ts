import type { Clock, TimerHandle } from '../clock'
import type { Logger } from '../logging/logger'
import type { Conflict } from './conflict-detection'
import type { ConflictModel, ConflictModels, ConflictPrompt } from './ports'
import {
  parseResolution,
  type ResolutionAction,
  type SignalModifications,
} from './resolution-parser'
import { ModelNotAskedError } from './model-not-asked'
import { errorText } from './task-scheduler'

/** What one model call gave: its text, or why there is none. */
type ModelAnswer =
  { kind: 'text'; text: string } | { kind: 'failed' | 'timed_out' | 'not_asked'; error: string }

/** How one model call went. */
export interface ResolutionAttempt {
  readonly model: string
  readonly outcome: 'answered' | 'failed' | 'timed_out' | 'invalid' | 'not_asked'
  readonly error: string | null
  readonly latencyMs: number
}

/** The decision on a conflicted signal, by a model or by the conservative default. */
export interface ConflictResolution {
  readonly action: ResolutionAction
  readonly confidence: number
  readonly reasoning: string
  readonly modifications: SignalModifications | null
  /** The model whose answer was used; null for the default. */
  readonly model: string | null
  readonly usedDefault: boolean
  readonly latencyMs: number
  readonly attempts: readonly ResolutionAttempt[]
}

/** What a resolution is asked about. */
export interface ResolutionRequest {
  readonly correlationId: string
  readonly symbol: string
  readonly signal: Readonly<Record<string, unknown>>
  readonly conflicts: readonly Conflict[]
  /** The agents' latest outputs and anything else the model should see. */
  readonly context: Readonly<Record<string, unknown>>
}

/** Which models a resolution may use (set by the degradation level). */
export interface ResolutionPolicy {
  /** False in EMERGENCY: no LLM, the default decides. */
  readonly isLlmAllowed: boolean
  /** False in LIMITED: the primary only. */
  readonly isFallbackAllowed: boolean
  /** Aborts the resolution (the coordinator is stopping). */
  readonly signal?: AbortSignal
}

/** What the resolver is built from. */
export interface ConflictResolverOptions {
  readonly clock: Clock
  readonly logger: Logger
  readonly models: ConflictModels | null
  /** The whole resolution's budget (`max_resolution_time_ms`). */
  readonly maxResolutionTimeMs: number
  /** The most one model gets when another follows it (`model_timeout_ms`). */
  readonly modelTimeoutMs: number
}

/** The coordinator's instructions to the resolving model. */
export const COORDINATOR_SYSTEM_PROMPT = [
  'You are the coordinator of a crypto trading system. Agents disagree about a trading signal.',
  'Decide whether to proceed with the signal, wait, modify it, or abort it.',
  'Answer with one JSON object and nothing else:',
  '{"action": "proceed" | "wait" | "modify" | "abort", "confidence": 0..1, "reasoning": "…",',
  ' "modifications": {"confidence"?, "position_size_pct"?, "leverage"?, "stop_loss_pct"?, "take_profit_pct"?} | null}',
  'A modification may only make the trade more cautious: confidence, position_size_pct and',
  "leverage above the signal's own are not applied, and a modification that moves the entry",
  'price is refused. The risk engine still validates every modified trade.',
  'Prefer wait or abort when unsure; a missed trade costs less than a bad one.',
].join('\n')

/**
 * Resolves conflicts with an LLM (seed 003 section 3.2, seed 001 v1.4): asks the primary
 * model, then the fallback when the primary fails, times out or answers badly, all within
 * `maxResolutionTimeMs` of clock time. When no model gives a usable answer in time — or
 * the LLM is not allowed at the current degradation level — the conservative default
 * (`wait`) decides.
 */
export class ConflictResolver {
  constructor(private readonly options: ConflictResolverOptions) {}

  /** Returns the decision; never throws. */
  async resolve(request: ResolutionRequest, policy: ResolutionPolicy): Promise<ConflictResolution> {
    const { clock, models, logger } = this.options
    const startedAt = clock.now()
    const deadline = startedAt + this.options.maxResolutionTimeMs
    if (!policy.isLlmAllowed || models === null) {
      const why =
        models === null
          ? 'no conflict model configured'
          : 'LLM not allowed at this degradation level'
      return this.conservativeDefault(startedAt, [], why)
    }
    const prompt = buildConflictPrompt(request)
    const queue: ConflictModel[] = [models.primary]
    if (policy.isFallbackAllowed && models.fallback) queue.push(models.fallback)
    const attempts: ResolutionAttempt[] = []
    for (let index = 0; index < queue.length; index++) {
      const model = queue[index] as ConflictModel
      const remaining = deadline - clock.now()
      if (remaining <= 0 || policy.signal?.aborted) break
      const isLast = index === queue.length - 1
      const budget = isLast ? remaining : Math.min(this.options.modelTimeoutMs, remaining)
      const callStart = clock.now()
      const answer = await this.call(model, prompt, budget, policy.signal)
      const latencyMs = clock.now() - callStart
      if (answer.kind !== 'text') {
        attempts.push({ model: model.name, outcome: answer.kind, error: answer.error, latencyMs })
        logger[answer.kind === 'not_asked' ? 'debug' : 'warn'](
          {
            correlationId: request.correlationId,
            model: model.name,
            outcome: answer.kind,
            error: answer.error,
          },
          'conflict model gave no answer',
        )
        continue
      }
      const parsed = parseResolution(answer.text)
      if (!parsed.ok) {
        attempts.push({ model: model.name, outcome: 'invalid', error: parsed.error, latencyMs })
        logger.warn(
          { correlationId: request.correlationId, model: model.name, error: parsed.error },
          'conflict model answered badly',
        )
        continue
      }
      attempts.push({ model: model.name, outcome: 'answered', error: null, latencyMs })
      return {
        ...parsed.resolution,
        model: model.name,
        usedDefault: false,
        latencyMs: clock.now() - startedAt,
        attempts,
      }
    }
    const why =
      attempts.length === 0
        ? 'no time left for a model'
        : attempts.map((attempt) => `${attempt.model}=${attempt.outcome}`).join(' ')
    return this.conservativeDefault(startedAt, attempts, why)
  }

  private conservativeDefault(
    startedAt: number,
    attempts: readonly ResolutionAttempt[],
    why: string,
  ): ConflictResolution {
    return {
      action: 'wait',
      confidence: 0,
      reasoning: `conservative default: ${why}`,
      modifications: null,
      model: null,
      usedDefault: true,
      latencyMs: this.options.clock.now() - startedAt,
      attempts,
    }
  }

  /** Calls one model, racing it against its budget on the clock and the caller's abort. */
  private call(
    model: ConflictModel,
    prompt: ConflictPrompt,
    budgetMs: number,
    outer: AbortSignal | undefined,
  ): Promise<ModelAnswer> {
    const clock = this.options.clock
    const controller = new AbortController()
    return new Promise((resolve) => {
      let isDone = false
      let timer: TimerHandle | null = null
      const finish = (result: ModelAnswer) => {
        if (isDone) return
        isDone = true
        if (timer !== null) clock.clearTimer(timer)
        outer?.removeEventListener('abort', onOuterAbort)
        if (result.kind !== 'text') controller.abort(new Error(result.error))
        resolve(result)
      }
      const onOuterAbort = () => finish({ kind: 'failed', error: 'aborted: coordinator stopping' })
      outer?.addEventListener('abort', onOuterAbort, { once: true })
      timer = clock.setTimeout(
        () => finish({ kind: 'timed_out', error: `timeout_ms=${budgetMs}` }),
        budgetMs,
      )
      let pending: Promise<string>
      try {
        pending = Promise.resolve(
          model.complete(prompt, { timeoutMs: budgetMs, signal: controller.signal }),
        )
      } catch (error) {
        pending = Promise.reject(error instanceof Error ? error : new Error(String(error)))
      }
      pending.then(
        (text) =>
          typeof text === 'string'
            ? finish({ kind: 'text', text })
            : finish({ kind: 'failed', error: 'model returned no text' }),
        (error: unknown) =>
          finish({
            kind: error instanceof ModelNotAskedError ? 'not_asked' : 'failed',
            error: errorText(error),
          }),
      )
    })
  }
}

/** Builds the conflict-resolution prompt: the signal, the conflicts and the agents' views as JSON. */
export function buildConflictPrompt(request: ResolutionRequest): ConflictPrompt {
  const body = {
    symbol: request.symbol,
    signal: request.signal,
    conflicts: request.conflicts.map((conflict) => ({
      type: conflict.type,
      description: conflict.description,
      details: conflict.details,
    })),
    context: request.context,
  }
  return {
    system: COORDINATOR_SYSTEM_PROMPT,
    user: `Resolve these conflicts:\n${JSON.stringify(body, null, 2)}`,
    conflictTypes: request.conflicts.map((conflict) => conflict.type),
  }
}
