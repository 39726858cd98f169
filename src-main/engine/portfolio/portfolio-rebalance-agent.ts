import { z } from 'zod'
import type { Clock, TimerHandle } from '../clock'
import type { Logger } from '../logging/logger'
import type { PortfolioAllocation } from './allocation'
import {
  defaultStrategy,
  strategyAnswerSchema,
  type ExecutionStrategy,
  type StrategyAnswer,
} from './execution-strategy'
import { fixed } from './portfolio-dto'
import type { PortfolioSettings, RebalanceAgentSettings } from './portfolio-settings'
import type { StrategyAdvice, StrategyAdvisor, StrategyPrompt } from './ports'
import { AMOUNT_DECIMALS, type PlannedTrade } from './rebalance-plan'

/** What the agent decides a strategy for. */
export interface StrategyRequest {
  readonly allocation: PortfolioAllocation
  /** The computed trades; the model orders and times them, never sizes them. */
  readonly trades: readonly PlannedTrade[]
  readonly correlationId: string
}

/** The strategy chosen, and whether it is the model's or the default. */
export interface StrategyDecision {
  readonly strategy: ExecutionStrategy
  /** True when the default strategy was used (seed 001 v1.4). */
  readonly usedFallbackStrategy: boolean
  readonly reasoning: string
  /** The model that answered, when the advisor names it. */
  readonly model: string | null
  /** Why the default was used; null when the model's strategy was. */
  readonly fallbackReason: string | null
}

export interface PortfolioRebalanceAgentOptions {
  readonly advisor: StrategyAdvisor
  readonly settings: RebalanceAgentSettings
  readonly portfolio: Pick<PortfolioSettings, 'executionType' | 'dca'>
  readonly clock: Clock
  readonly logger: Logger
}

/** The outcome of reading a model's answer. */
export type AnswerParse =
  | { readonly ok: true; readonly answer: StrategyAnswer }
  | { readonly ok: false; readonly error: string }

const SCHEMA_NAME = 'portfolio_rebalance_strategy'

/**
 * The Portfolio Rebalance agent (seed 003 §3.3, DeepSeek by default through agents.yaml):
 * asks its model how to execute the computed trades — market or limit orders, the order of
 * the trades, whether to split large ones — and validates the JSON answer. The trade
 * amounts are computed by the portfolio and never taken from the model. When the agent is
 * disabled, the model fails, times out or answers badly, the default strategy is used and
 * `usedFallbackStrategy` says so. Never throws.
 */
export class PortfolioRebalanceAgent {
  readonly name = 'portfolio_rebalance'
  private readonly jsonSchema: Readonly<Record<string, unknown>>

  constructor(private readonly options: PortfolioRebalanceAgentOptions) {
    this.jsonSchema = z.toJSONSchema(strategyAnswerSchema) as Record<string, unknown>
  }

  /** Returns the strategy used when the model gives none. */
  defaultStrategy(): ExecutionStrategy {
    return defaultStrategy(this.options.portfolio.executionType, this.options.portfolio.dca)
  }

  /** Asks the model for a strategy, falling back to the default. */
  async chooseStrategy(request: StrategyRequest): Promise<StrategyDecision> {
    if (!this.options.settings.isEnabled) return this.fallback('agent disabled in agents.yaml')
    const controller = new AbortController()
    const prompt = this.buildPrompt(request, controller.signal)
    const advice = await this.askWithTimeout(prompt, controller)
    if (!advice.ok) return this.fallback(`model failed: ${advice.error}`, request)
    const parsed = parseStrategyAnswer(advice.text, request.trades)
    if (!parsed.ok) return this.fallback(`model answered badly: ${parsed.error}`, request)
    const answer = parsed.answer
    const usedFallbackStrategy = answer.used_fallback_strategy === true
    // A default answer (the offline rules provider) knows nothing of portfolio.yaml: its
    // fixed "limit" would override the configured execution type, so the default here is used.
    const strategy: ExecutionStrategy = usedFallbackStrategy
      ? this.defaultStrategy()
      : {
          executionType: answer.execution_strategy,
          tradeOrder: answer.trade_order ?? [],
          splitLargeTrades: answer.split_large_trades ?? this.options.portfolio.dca.isEnabled,
        }
    return {
      strategy,
      usedFallbackStrategy,
      reasoning: answer.reasoning,
      model: advice.model ?? null,
      fallbackReason: usedFallbackStrategy
        ? 'the advisor answered with its default strategy'
        : null,
    }
  }

  /** Builds the prompt: instructions and answer schema, then the allocation and trades as JSON. */
  buildPrompt(request: StrategyRequest, signal: AbortSignal): StrategyPrompt {
    const { allocation } = request
    const dca = this.options.portfolio.dca
    const system = [
      'You are the Portfolio Rebalancing agent of a crypto trading system.',
      'The rebalance trades below are computed and fixed: never change their amounts or add trades.',
      'Choose how to execute them: execution_strategy "limit" (cheaper, may not fill) or "market" (fills now, pays the spread);',
      'trade_order: the symbols in the order to trade them (sells always execute before buys, to fund them);',
      `split_large_trades: whether trades above ${dca.thresholdUsd.toFixed()} ${allocation.quoteAsset} are split into up to ${dca.batches} batches ${dca.intervalMs / 3_600_000} h apart to reduce market impact.`,
      'Give a short reasoning.',
      'Answer with one JSON object only, no prose and no code fences, matching this JSON Schema:',
      JSON.stringify(this.jsonSchema),
    ].join('\n')
    const context = {
      quote_asset: allocation.quoteAsset,
      total_equity: fixed(allocation.totalEquity, AMOUNT_DECIMALS),
      max_deviation_pct: fixed(allocation.maxDeviationPct, 2),
      threshold_pct: allocation.thresholdPct.toFixed(),
      allocation: allocation.assets.map((asset) => ({
        asset: asset.asset,
        value: fixed(asset.value, AMOUNT_DECIMALS),
        pct: fixed(asset.pct, 2),
        target_pct: asset.targetPct.toFixed(),
        deviation_pct: fixed(asset.deviationPct, 2),
      })),
      trades: request.trades.map((trade) => ({
        symbol: trade.symbol,
        side: trade.side,
        amount_usd: fixed(trade.amountUsd, AMOUNT_DECIMALS),
        price: trade.price.toFixed(),
      })),
      dca_enabled: dca.isEnabled,
      default_execution_type: this.options.portfolio.executionType,
    }
    return {
      system,
      user: JSON.stringify(context, null, 2),
      schemaName: SCHEMA_NAME,
      jsonSchema: this.jsonSchema,
      correlationId: request.correlationId,
      signal,
    }
  }

  private async askWithTimeout(
    prompt: StrategyPrompt,
    controller: AbortController,
  ): Promise<StrategyAdvice> {
    const { clock } = this.options
    const timeoutMs = this.options.settings.timeoutMs
    let timer: TimerHandle | null = null
    const timeout = new Promise<StrategyAdvice>((resolve) => {
      timer = clock.setTimeout(() => {
        controller.abort()
        resolve({ ok: false, error: `timeout after ${timeoutMs} ms` })
      }, timeoutMs)
    })
    const answer = this.options.advisor
      .advise(prompt)
      .catch((error: unknown): StrategyAdvice => ({ ok: false, error: describe(error) }))
    try {
      return await Promise.race([answer, timeout])
    } finally {
      if (timer !== null) clock.clearTimer(timer)
    }
  }

  private fallback(reason: string, request?: StrategyRequest): StrategyDecision {
    const strategy = this.defaultStrategy()
    this.options.logger.warn(
      { agent: this.name, correlationId: request?.correlationId, reason },
      'portfolio rebalance agent used the default strategy',
    )
    return {
      strategy,
      usedFallbackStrategy: true,
      reasoning: `default strategy (${reason}): ${strategy.executionType} orders, sells before buys, largest first${strategy.splitLargeTrades ? ', large trades split into DCA batches' : ''}`,
      model: null,
      fallbackReason: reason,
    }
  }
}

/**
 * Reads a model's answer: the JSON object in the text (code fences and prose around it are
 * tolerated), validated against the answer schema; `trade_order` may only name the trades'
 * symbols, each once.
 */
export function parseStrategyAnswer(text: string, trades: readonly PlannedTrade[]): AnswerParse {
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  if (start === -1 || end < start) return { ok: false, error: 'no JSON object in the answer' }
  let json: unknown
  try {
    json = JSON.parse(text.slice(start, end + 1))
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${describe(error)}` }
  }
  const checked = strategyAnswerSchema.safeParse(json)
  if (!checked.success) {
    const issues = checked.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
    return { ok: false, error: `schema: ${issues}` }
  }
  const symbols = new Set(trades.map((trade) => trade.symbol))
  const seen = new Set<string>()
  for (const symbol of checked.data.trade_order ?? []) {
    if (!symbols.has(symbol))
      return { ok: false, error: `trade_order names symbol=${symbol}, which has no trade` }
    if (seen.has(symbol)) return { ok: false, error: `trade_order names symbol=${symbol} twice` }
    seen.add(symbol)
  }
  return { ok: true, answer: checked.data }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
