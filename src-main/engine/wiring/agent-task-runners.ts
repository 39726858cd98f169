import type { z } from 'zod'
import type { MessageBus } from '../bus'
import {
  isRunSkipped,
  runSkipped,
  type RunSkipped,
  type TaskName,
  type TaskRunner,
} from '../coordinator'
import {
  regimeOutputSchema,
  sentimentOutputSchema,
  technicalAnalysisOutputSchema,
  type MarketSnapshot,
  type RegimeDetectionAgent,
  type SentimentAgent,
  type TechnicalAnalysisAgent,
  type TradingDecisionAgent,
} from '../agents'
import type { LlmRouter } from '../llm'
import type { SnapshotFailure } from '../market'

/**
 * The parts of a snapshot whose age stops a trading decision: the price orders are sized and
 * limited from, and the 1-minute candles its indicators come from.
 */
const DECISION_CRITICAL_PARTS: readonly string[] = ['price', '1m']
/**
 * The share of a run's time limit its models may take: the rest is left for the fallback's
 * answer (the rules answer at once), storing it and publishing it before the run is aborted.
 */
const MODELS_SHARE_OF_RUN = 0.8

/** A market snapshot with the parts the builder found older than the maximum data age. */
type CheckedSnapshot = MarketSnapshot & { readonly staleParts: readonly string[] }

/** An agent that turns one market snapshot into one output. */
interface SnapshotAgent {
  run(
    snapshot: MarketSnapshot,
    options: { correlationId: string; signal: AbortSignal; budgetMs: number },
  ): Promise<{ ok: true } | { ok: false; error: { message: string } }>
}

export interface AgentTaskRunnerDependencies {
  snapshots: {
    build(
      symbol: string,
    ): Promise<
      | { ok: true; snapshot: CheckedSnapshot }
      | { ok: false; failure: Pick<SnapshotFailure, 'code' | 'message'> }
    >
  }
  bus: MessageBus
  router: LlmRouter
  agents: {
    technicalAnalysis: TechnicalAnalysisAgent
    regime: RegimeDetectionAgent
    sentiment: SentimentAgent
    tradingDecision: TradingDecisionAgent
  }
  portfolio: TaskRunner
}

/**
 * The coordinator's scheduled tasks, each a market snapshot handed to its agent. A failed
 * snapshot or agent run throws, so the coordinator counts it (and degrades on repeats);
 * a symbol with no market data yet is a skipped run instead, and so is a trading decision
 * while the price or the 1-minute candles are stale (a stalled feed must not open trades
 * at a price the market left long ago; analysis goes on and says the data is old).
 * EMERGENCY switches the router to rules only for the run.
 */
export function agentTaskRunners(deps: AgentTaskRunnerDependencies): Record<TaskName, TaskRunner> {
  const snapshotFor = async (symbol: string): Promise<CheckedSnapshot | RunSkipped> => {
    const result = await deps.snapshots.build(symbol)
    if (result.ok) return result.snapshot
    // Before a symbol's first candle (a replay's first instant, a start before the feed has
    // delivered) there is nothing to analyse: the agent has not failed.
    if (result.failure.code === 'NO_DATA') return runSkipped('NO_DATA', result.failure.message)
    throw new Error(result.failure.message)
  }
  const single =
    (agent: SnapshotAgent, name: string): TaskRunner =>
    async (symbol, context) => {
      deps.router.setRulesOnly(context.degradationLevel === 'EMERGENCY')
      const snapshot = await snapshotFor(symbol)
      if (isRunSkipped(snapshot)) return snapshot
      const result = await agent.run(snapshot, {
        correlationId: context.correlationId,
        signal: context.signal,
        // A model slow past the run's time would have the run aborted with no answer at all.
        budgetMs: context.timeoutMs * MODELS_SHARE_OF_RUN,
      })
      if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`)
    }
  return {
    technical_analysis: single(deps.agents.technicalAnalysis, 'technical_analysis'),
    regime_detection: single(deps.agents.regime, 'regime_detection'),
    sentiment_analysis: single(deps.agents.sentiment, 'sentiment'),
    trading_decision: async (symbol, context) => {
      deps.router.setRulesOnly(context.degradationLevel === 'EMERGENCY')
      const snapshot = await snapshotFor(symbol)
      if (isRunSkipped(snapshot)) return snapshot
      const stale = snapshot.staleParts.filter((part) => DECISION_CRITICAL_PARTS.includes(part))
      if (stale.length > 0) {
        return runSkipped(
          'STALE_DATA',
          `STALE_DATA: symbol=${symbol} stale=${stale.join(',')} data_age_ms=${snapshot.dataAgeMs}`,
        )
      }
      const latest = <T>(
        topic: 'ta_signals' | 'regime_updates' | 'sentiment_updates',
        schema: z.ZodType<T>,
      ): T | undefined => {
        const message = deps.bus.latest(topic, { symbol })
        const parsed = message ? schema.safeParse(message.payload) : null
        return parsed?.success ? parsed.data : undefined
      }
      const technicalAnalysis = latest('ta_signals', technicalAnalysisOutputSchema)
      const regime = latest('regime_updates', regimeOutputSchema)
      const sentiment = latest('sentiment_updates', sentimentOutputSchema)
      const result = await deps.agents.tradingDecision.run(
        snapshot,
        {
          ...(technicalAnalysis ? { technicalAnalysis } : {}),
          ...(regime ? { regime } : {}),
          ...(sentiment ? { sentiment } : {}),
        },
        { correlationId: context.correlationId, signal: context.signal },
      )
      if (!result.ok) throw new Error(`trading_decision failed: ${result.error.message}`)
    },
    portfolio_rebalance: deps.portfolio,
  }
}
