import { randomUUID } from 'node:crypto'
import Decimal from 'decimal.js'
import type { z } from 'zod'
import type { Clock } from '../clock'
import type { Logger } from '../logging/logger'
import { describeThrown, llmError, type LlmError } from '../llm/llm-error'
import { wasAsked, type LlmRouter, type ModelFailure, type ModelOutcome } from '../llm/llm-router'
import type { AgentName, ModelSpec } from '../llm/llm-types'
import { outputJsonSchema } from '../llm/json-output'
import type { PromptBuilder, PromptSection } from '../llm/prompt-builder'
import { TIER_PROFILES, type TierProfile } from '../llm/prompt-templates'
import type { RulesTask } from '../llm/rules/rules-task'
import type { AgentOutputRepository } from '../store/repositories/agent-output-repository'
import type { MarketSnapshot } from './agent-context'
import type { AgentPublisher, AgentTopic } from './agent-publisher'

/** What every agent is built with. */
export interface AgentDependencies {
  readonly router: LlmRouter
  readonly prompts: PromptBuilder
  readonly outputs: AgentOutputRepository
  readonly publisher: AgentPublisher
  readonly clock: Clock
  readonly logger: Logger
  /**
   * Makes the agents' ids: correlation ids, agent outputs, trading decisions and their model
   * comparisons. Random UUIDs unless a replay or a test injects repeatable ones, which must be
   * UUIDs too (the store keeps them in uuid columns).
   */
  readonly newId?: () => string
}

export interface AgentRunOptions {
  /** Ties the run's calls, outputs and messages together; a new id when absent. */
  readonly correlationId?: string
  readonly signal?: AbortSignal
  /**
   * Accounted time the models may take, retries and repair included (see
   * RoutedRequest.budgetMs); a slow model then leaves time for the fallbacks. None when omitted.
   */
  readonly budgetMs?: number
}

/** A model that was asked and did not give a usable answer. */
export interface AgentAttempt {
  readonly model: string
  readonly error: LlmError
}

/** An agent run: the validated output and where it came from, or why there is none. */
export type AgentRunResult<T> =
  | {
      readonly ok: true
      readonly output: T
      /** The message published (or that would have been). */
      readonly payload: Readonly<Record<string, unknown>>
      readonly model: ModelSpec
      readonly correlationId: string
      /** True when the answer came from a model other than the agent's first choice. */
      readonly usedFallback: boolean
      readonly isPublished: boolean
      readonly attempts: readonly AgentAttempt[]
    }
  | {
      readonly ok: false
      readonly error: LlmError
      readonly correlationId: string
      readonly attempts: readonly AgentAttempt[]
    }

/**
 * An agent that asks one model at a time through the router: build context → ask the
 * model chain → validate → persist to agent_outputs → publish. Nothing it does throws;
 * storage and bus failures are logged and do not stop the run.
 */
export abstract class SingleModelAgent<T extends object> {
  abstract readonly name: AgentName
  abstract readonly topic: AgentTopic
  protected abstract readonly schema: z.ZodType<T>
  protected abstract readonly schemaName: string

  constructor(protected readonly deps: AgentDependencies) {}

  /** Context sections for a model of the given tier. */
  protected abstract sections(snapshot: MarketSnapshot, profile: TierProfile): PromptSection[]

  /** What the rules provider answers from. */
  protected abstract task(snapshot: MarketSnapshot): RulesTask

  /** The bus payload for a valid output. */
  protected abstract payload(
    snapshot: MarketSnapshot,
    output: T,
    model: ModelSpec,
  ): Readonly<Record<string, unknown>>

  /** Runs the agent once for a snapshot. */
  async run(snapshot: MarketSnapshot, options: AgentRunOptions = {}): Promise<AgentRunResult<T>> {
    const correlationId = options.correlationId ?? this.newId()
    try {
      const result = await this.deps.router.complete({
        agent: this.name,
        correlationId,
        schema: this.schema,
        schemaName: this.schemaName,
        prompt: (model) => this.buildPrompt(snapshot, model),
        task: this.task(snapshot),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
      })
      for (const failure of result.failures) {
        await this.persist(snapshot.symbol, correlationId, failure)
      }
      await this.persist(snapshot.symbol, correlationId, result)
      const attempts = [...result.failures, ...(result.ok ? [] : [result])].map(toAttempt)
      if (!result.ok) {
        this.deps.logger.warn(
          { agent: this.name, symbol: snapshot.symbol, correlationId, error: result.error },
          'agent produced no valid output',
        )
        return { ok: false, error: result.error, correlationId, attempts }
      }
      const payload = this.payload(snapshot, result.value, result.model)
      const isPublished = await this.publish(payload, correlationId)
      return {
        ok: true,
        output: result.value,
        payload,
        model: result.model,
        correlationId,
        usedFallback: result.model.key !== this.deps.router.chain(this.name)[0],
        isPublished,
        attempts,
      }
    } catch (error) {
      // A bug in context building must not take the scheduler down with it.
      this.deps.logger.error(
        { agent: this.name, symbol: snapshot.symbol, correlationId, err: error },
        'agent run failed unexpectedly',
      )
      return {
        ok: false,
        error: llmError('server', `agent=${this.name} internal error: ${describeThrown(error)}`),
        correlationId,
        attempts: [],
      }
    }
  }

  /** Builds the prompt for one model with the tier's profile. */
  protected buildPrompt(snapshot: MarketSnapshot, model: ModelSpec) {
    const built = this.deps.prompts.build({
      agent: this.name,
      model,
      sections: this.sections(snapshot, TIER_PROFILES[model.tier]),
      outputSchema: outputJsonSchema(this.schemaName, this.schema),
    })
    return { system: built.system, messages: built.messages }
  }

  protected newId(): string {
    return newAgentId(this.deps)
  }

  /** Publishes; returns false (and logs) when the bus refuses. */
  protected async publish(
    payload: Readonly<Record<string, unknown>>,
    correlationId: string,
  ): Promise<boolean> {
    try {
      await this.deps.publisher.publish(this.topic, payload, { correlationId, source: this.name })
      return true
    } catch (error) {
      this.deps.logger.error(
        { agent: this.name, topic: this.topic, correlationId, err: error },
        'could not publish agent output',
      )
      return false
    }
  }

  /** Stores one model's outcome; models never actually called leave no row. */
  protected async persist(
    symbol: string | null,
    correlationId: string,
    outcome: ModelOutcome<unknown>,
  ): Promise<void> {
    await persistOutcome(this.deps, this.name, symbol, correlationId, outcome)
  }
}

/** Returns a new id from the agents' injected id source, or a random UUID without one. */
export function newAgentId(deps: Pick<AgentDependencies, 'newId'>): string {
  return deps.newId ? deps.newId() : randomUUID()
}

/** Stores one model's outcome in agent_outputs; logs instead of throwing. */
export async function persistOutcome(
  deps: Pick<AgentDependencies, 'outputs' | 'clock' | 'logger' | 'newId'>,
  agent: AgentName,
  symbol: string | null,
  correlationId: string,
  outcome: ModelOutcome<unknown>,
): Promise<void> {
  if (!outcome.model || !wasAsked(outcome)) return
  try {
    await deps.outputs.insert({
      id: newAgentId(deps),
      agent,
      symbol,
      provider: outcome.model.provider,
      model: outcome.model.id,
      correlationId,
      createdAtMs: deps.clock.now(),
      latencyMs: outcome.latencyMs,
      inputTokens: outcome.usage.inputTokens,
      outputTokens: outcome.usage.outputTokens,
      costUsd: new Decimal(outcome.costUsd),
      rawText: outcome.text ?? '',
      output: outcome.ok ? outcome.value : null,
      isValid: outcome.ok,
      error: outcome.ok ? null : `${outcome.error.kind}: ${outcome.error.message}`,
    })
  } catch (error) {
    deps.logger.error({ agent, symbol, correlationId, err: error }, 'could not store agent output')
  }
}

function toAttempt(failure: ModelFailure): AgentAttempt {
  return { model: failure.model?.key ?? 'none', error: failure.error }
}
