import Decimal from 'decimal.js'
import type { AgentsConfig } from '../config/schemas/agents'
import { describeThrown, llmError, type LlmError } from '../llm/llm-error'
import { outputJsonSchema } from '../llm/json-output'
import { wasAsked, type ModelOutcome } from '../llm/llm-router'
import type { ModelSpec } from '../llm/llm-types'
import type { PromptSection } from '../llm/prompt-builder'
import { TIER_PROFILES } from '../llm/prompt-templates'
import type { ModelComparisonRepository } from '../store/repositories/model-comparison-repository'
import type { TradingDecisionRepository } from '../store/repositories/trading-decision-repository'
import type { MarketSnapshot } from './agent-context'
import {
  newAgentId,
  persistOutcome,
  type AgentDependencies,
  type AgentRunOptions,
} from './base-agent'
import { buildConsensus, type Consensus, type Vote } from './consensus'
import {
  tradingDecisionOutputSchema,
  type RegimeOutput,
  type SentimentOutput,
  type TechnicalAnalysisOutput,
  type TradingDecisionOutput,
} from './output-schemas'
import { formatNumber, snapshotSections } from './snapshot-sections'

/** The Trading Decision agent's settings (agents.yaml `agents.trading_decision`). */
export interface TradingDecisionSettings {
  /** Catalogue keys asked in parallel. */
  readonly models: readonly string[]
  /** Asked too and recorded, but kept out of the consensus; decides alone when no model answers. */
  readonly baselineModel: string | null
  readonly deadlineMs: number
  readonly minAgreement: number
}

/**
 * Where a run's per-model answers are recorded: the outcome tracker, which stores them and
 * fills in their outcomes later (or the repository alone).
 */
export type ModelComparisonRecorder = Pick<ModelComparisonRepository, 'insertMany'>

export interface TradingDecisionDependencies extends AgentDependencies {
  readonly decisions: TradingDecisionRepository
  readonly comparisons: ModelComparisonRecorder
  readonly settings: TradingDecisionSettings
}

/** The other agents' latest outputs, given to every model. */
export interface TradingDecisionInputs {
  readonly technicalAnalysis?: TechnicalAnalysisOutput
  readonly regime?: RegimeOutput
  readonly sentiment?: SentimentOutput
}

/** How one asked model fared. */
export interface ModelAnswer {
  readonly model: string
  readonly isBaseline: boolean
  readonly output: TradingDecisionOutput | null
  readonly error: LlmError | null
  /** False when no request was sent (no API key, skipped as unhealthy): no vote. */
  readonly wasAsked: boolean
  readonly latencyMs: number
  readonly costUsd: Decimal
}

/** A decision run: the consensus, each model's answer, and whether it was published. */
export type TradingDecisionResult =
  | {
      readonly ok: true
      readonly decisionId: string
      readonly correlationId: string
      readonly consensus: Consensus
      /** True when no model answered and the baseline decided (seed 001 v1.4). */
      readonly usedFallbackStrategy: boolean
      readonly answers: readonly ModelAnswer[]
      readonly payload: Readonly<Record<string, unknown>>
      readonly isPublished: boolean
    }
  | {
      readonly ok: false
      readonly error: LlmError
      readonly correlationId: string
      readonly answers: readonly ModelAnswer[]
    }

const AGENT = 'trading_decision' as const

/**
 * The Trading Decision agent (hourly): asks every configured model in parallel under one
 * deadline, records each answer in model_comparisons (timeouts and invalid answers too),
 * builds the consensus from the valid votes, stores it in trading_decisions and publishes
 * it on trading_signals. With no valid vote the baseline (rules) decides, flagged as
 * fallback; with no answer at all nothing is stored or published (seed 004: skip).
 */
export class TradingDecisionAgent {
  readonly name = AGENT
  readonly topic = 'trading_signals' as const

  constructor(private readonly deps: TradingDecisionDependencies) {}

  async run(
    snapshot: MarketSnapshot,
    inputs: TradingDecisionInputs = {},
    options: AgentRunOptions = {},
  ): Promise<TradingDecisionResult> {
    const correlationId = options.correlationId ?? newAgentId(this.deps)
    try {
      return await this.decide(snapshot, inputs, correlationId, options.signal)
    } catch (error) {
      this.deps.logger.error(
        { agent: AGENT, symbol: snapshot.symbol, correlationId, err: error },
        'trading decision failed unexpectedly',
      )
      return {
        ok: false,
        error: llmError('server', `agent=${AGENT} internal error: ${describeThrown(error)}`),
        correlationId,
        answers: [],
      }
    }
  }

  private async decide(
    snapshot: MarketSnapshot,
    inputs: TradingDecisionInputs,
    correlationId: string,
    signal: AbortSignal | undefined,
  ): Promise<TradingDecisionResult> {
    const { router, clock, logger, settings } = this.deps
    const startedAt = clock.now()
    const baseline = settings.baselineModel
    // In rules-only mode (EMERGENCY) no model is called; the baseline alone decides.
    const voters = router.isRulesOnly ? [] : settings.models.filter((key) => key !== baseline)
    const asked = baseline ? [...voters, baseline] : voters
    const outcomes = await Promise.all(
      asked.map((key) =>
        router.ask(key, {
          agent: AGENT,
          correlationId,
          schema: tradingDecisionOutputSchema,
          schemaName: 'TradingDecision',
          prompt: (model) => this.prompt(snapshot, inputs, model),
          task: {
            kind: 'trading_decision',
            snapshot,
            ...(inputs.technicalAnalysis ? { technicalAnalysis: inputs.technicalAnalysis } : {}),
            ...(inputs.regime ? { regime: inputs.regime } : {}),
          },
          // Every model starts now with the deadline as its budget of accounted time, so
          // a replay keeps and drops exactly the calls the recorded run did.
          timeoutMs: settings.deadlineMs,
          budgetMs: settings.deadlineMs,
          ...(signal ? { signal } : {}),
        }),
      ),
    )
    const answers = asked.map((key, index) =>
      toAnswer(key, key === baseline, outcomes[index] as ModelOutcome<TradingDecisionOutput>),
    )
    for (const outcome of outcomes) {
      await persistOutcome(this.deps, AGENT, snapshot.symbol, correlationId, outcome)
    }

    const votes: Vote[] = answers.flatMap((answer) =>
      !answer.isBaseline && answer.output ? [{ model: answer.model, output: answer.output }] : [],
    )
    let consensus = buildConsensus(votes, settings.minAgreement)
    let usedFallbackStrategy = false
    const baselineAnswer = answers.find((answer) => answer.isBaseline)
    if (!consensus && baselineAnswer?.output) {
      consensus = buildConsensus(
        [{ model: baselineAnswer.model, output: baselineAnswer.output }],
        0,
      )
      usedFallbackStrategy = true
    }
    if (!consensus) {
      logger.warn(
        { agent: AGENT, symbol: snapshot.symbol, correlationId, asked: asked.length },
        'no model gave a valid trading decision; skipping',
      )
      return {
        ok: false,
        error: llmError('no_model', `agent=${AGENT} symbol=${snapshot.symbol} no valid answer`),
        correlationId,
        answers,
      }
    }

    const decisionId = await this.deps.decisions.insert({
      id: newAgentId(this.deps),
      correlationId,
      symbol: snapshot.symbol,
      createdAtMs: clock.now(),
      action: consensus.action,
      confidence: consensus.confidence,
      entryPrice: consensus.entryPrice,
      stopLoss: consensus.stopLoss,
      takeProfit: consensus.takeProfit,
      leverage: consensus.leverage,
      agreement: consensus.agreement,
      votes: answers.map((answer) => ({
        model: answer.model,
        is_baseline: answer.isBaseline,
        action: answer.output?.action ?? null,
        confidence: answer.output?.confidence ?? null,
        error: answer.error?.kind ?? null,
      })),
      reasoning: consensus.reasoning,
      usedFallbackStrategy,
    })
    const agreed = consensus.action
    await this.deps.comparisons.insertMany(
      answers.map((answer, index) => {
        const model = outcomes[index]?.model
        return {
          id: newAgentId(this.deps),
          decisionId,
          correlationId,
          symbol: snapshot.symbol,
          provider: model?.provider ?? 'unknown',
          model: model?.id ?? answer.model,
          createdAtMs: startedAt,
          action: answer.output?.action ?? null,
          confidence: answer.output?.confidence ?? null,
          entryPrice: decimalOrNull(answer.output?.entry_price),
          stopLoss: decimalOrNull(answer.output?.stop_loss),
          takeProfit: decimalOrNull(answer.output?.take_profit),
          latencyMs: answer.latencyMs,
          costUsd: answer.costUsd,
          isValid: answer.output !== null,
          isBaseline: answer.isBaseline,
          wasAsked: answer.wasAsked,
          error: answer.error ? `${answer.error.kind}: ${answer.error.message}` : null,
          agreedWithConsensus: answer.output ? answer.output.action === agreed : null,
          priceAtDecision: new Decimal(snapshot.price),
        }
      }),
    )

    const payload = {
      symbol: snapshot.symbol,
      action: consensus.action,
      confidence: consensus.confidence,
      ...(consensus.entryPrice ? { entry_price: consensus.entryPrice.toFixed() } : {}),
      ...(consensus.stopLoss ? { stop_loss: consensus.stopLoss.toFixed() } : {}),
      ...(consensus.takeProfit ? { take_profit: consensus.takeProfit.toFixed() } : {}),
      leverage: consensus.leverage,
      agreement: consensus.agreement,
      reasoning: consensus.reasoning,
      used_fallback_strategy: usedFallbackStrategy,
      decision_id: decisionId,
    }
    let isPublished = true
    try {
      await this.deps.publisher.publish(this.topic, payload, { correlationId, source: AGENT })
    } catch (error) {
      isPublished = false
      logger.error(
        { agent: AGENT, correlationId, err: error },
        'could not publish trading decision',
      )
    }
    logger.info(
      {
        agent: AGENT,
        symbol: snapshot.symbol,
        correlationId,
        action: consensus.action,
        agreement: consensus.agreement,
        validVotes: consensus.validVotes,
        asked: asked.length,
        usedFallbackStrategy,
      },
      'trading decision made',
    )
    return {
      ok: true,
      decisionId,
      correlationId,
      consensus,
      usedFallbackStrategy,
      answers,
      payload,
      isPublished,
    }
  }

  private prompt(snapshot: MarketSnapshot, inputs: TradingDecisionInputs, model: ModelSpec) {
    const sections: PromptSection[] = [
      ...snapshotSections(snapshot, TIER_PROFILES[model.tier]),
      ...agentSignals(inputs),
    ]
    const built = this.deps.prompts.build({
      agent: AGENT,
      model,
      sections,
      outputSchema: outputJsonSchema('TradingDecision', tradingDecisionOutputSchema),
    })
    return { system: built.system, messages: built.messages }
  }
}

/** The other agents' outputs as prompt sections; they rank above indicators and candles. */
function agentSignals(inputs: TradingDecisionInputs): PromptSection[] {
  const sections: PromptSection[] = []
  const ta = inputs.technicalAnalysis
  if (ta) {
    sections.push({
      name: 'Technical analysis',
      text: [
        `trend: ${ta.trend_direction} strength=${formatNumber(ta.trend_strength)}`,
        `momentum: ${formatNumber(ta.momentum_score)}`,
        `bias: ${ta.bias} confidence=${formatNumber(ta.confidence)}`,
        `support: ${ta.key_levels.support.join(', ') || 'none'}`,
        `resistance: ${ta.key_levels.resistance.join(', ') || 'none'}`,
      ].join('\n'),
      priority: 90,
    })
  }
  if (inputs.regime) {
    const regime = inputs.regime
    sections.push({
      name: 'Regime',
      text: `${regime.regime} confidence=${formatNumber(regime.confidence)} size_multiplier=${formatNumber(regime.position_size_multiplier)} entry=${regime.entry_strictness}`,
      priority: 89,
    })
  }
  if (inputs.sentiment) {
    sections.push({
      name: 'Sentiment',
      text: `${inputs.sentiment.bias} confidence=${formatNumber(inputs.sentiment.confidence)}`,
      priority: 88,
    })
  }
  return sections
}

function toAnswer(
  key: string,
  isBaseline: boolean,
  outcome: ModelOutcome<TradingDecisionOutput>,
): ModelAnswer {
  return {
    model: key,
    isBaseline,
    output: outcome.ok ? outcome.value : null,
    error: outcome.ok ? null : outcome.error,
    wasAsked: wasAsked(outcome),
    latencyMs: outcome.latencyMs,
    costUsd: new Decimal(outcome.costUsd),
  }
}

function decimalOrNull(value: string | undefined): Decimal | null {
  return value === undefined ? null : new Decimal(value)
}

/** Reads the Trading Decision settings from agents.yaml. */
export function tradingDecisionSettings(config: AgentsConfig): TradingDecisionSettings {
  const route = config.agents.trading_decision
  return {
    models: route.models,
    baselineModel: route.baseline_model ?? null,
    deadlineMs: route.deadline_ms,
    minAgreement: route.min_agreement,
  }
}
