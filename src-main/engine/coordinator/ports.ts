import type { PortfolioContext, RegimeContext, TradeProposal } from '../risk'
import type { DegradationLevel, LlmProviderReading } from './degradation-level'
import type { RunSkipped } from './run-skipped'

/*
 * The ports through which the coordinator reaches agents, the LLM layer, the risk engine,
 * execution and the portfolio; tests use fakes. `RiskVerdict` is the part of the risk
 * engine's RiskValidation the coordinator reads, so the real RiskEngine fits `RiskGate`.
 */

/** What a task run is told besides its symbol. */
export interface TaskContext {
  /** Ties this run's outputs (bus messages, LLM calls, stored outputs) together. */
  readonly correlationId: string
  /** Aborted when the run times out or the coordinator stops; a runner should give up then. */
  readonly signal: AbortSignal
  /** The degradation level at the start of the run: LIMITED asks fewer models, EMERGENCY none. */
  readonly degradationLevel: DegradationLevel
  /** The run's time limit (the task's timeout): it is aborted, its answer lost, after this. */
  readonly timeoutMs: number
}

/**
 * Runs one agent for one symbol (or `PORTFOLIO`); a rejection counts as a failure of the
 * agent, a returned {@link RunSkipped} as a skipped run.
 */
export type TaskRunner = (symbol: string, context: TaskContext) => Promise<RunSkipped | void>

/** Health facts the coordinator cannot see itself. */
export interface HealthSource {
  /** Consecutive failures per agent as the agents count them (added to the coordinator's own count). */
  agentFailures?(): Readonly<Record<string, number>>
  /** The LLM providers in use and how each is now: healthy, down or not known yet. */
  llmProviders(): readonly LlmProviderReading[]
}

/** Options of one model call. */
export interface ModelCallOptions {
  /** The longest the call may take; the coordinator also aborts `signal` then. */
  readonly timeoutMs: number
  readonly signal: AbortSignal
}

/** One LLM the coordinator can ask to resolve a conflict; returns the model's raw text. */
export interface ConflictModel {
  /** Model key or id, recorded in conflict_resolution_log. */
  readonly name: string
  complete(prompt: ConflictPrompt, options: ModelCallOptions): Promise<string>
}

/** A conflict-resolution prompt: a system part and the user message. */
export interface ConflictPrompt {
  readonly system: string
  readonly user: string
  /** The conflicts' types, for a model that answers from rules instead of the prompt. */
  readonly conflictTypes: readonly string[]
}

/** The primary and fallback models for conflict resolution (seed 003: DeepSeek, then Claude). */
export interface ConflictModels {
  readonly primary: ConflictModel
  readonly fallback?: ConflictModel | null
}

/*
 * The trade and portfolio types are the risk engine's own: one definition, so a field added
 * for the rules (such as pendingEntries) reaches the coordinator without a copy to keep in step.
 */
export type {
  OpenPosition,
  PortfolioContext,
  PositionSide,
  RegimeContext,
  TradeAction,
  TradeProposal,
} from '../risk'

/** The risk engine's verdict on a proposal. */
export interface RiskVerdict {
  readonly status: 'APPROVED' | 'MODIFIED' | 'REJECTED'
  /** The proposal to execute (the changed one when MODIFIED). */
  readonly proposal: TradeProposal
  readonly reasons: readonly string[]
}

/** Validates trades before execution; `RiskEngine` fits this port. */
export interface RiskGate {
  validate(
    proposal: TradeProposal,
    context: PortfolioContext,
    regime: RegimeContext | null,
  ): RiskVerdict | Promise<RiskVerdict>
  /** The circuit breakers tripped now (a restart asks whether a halt outlived them). */
  activeBreakers(): readonly string[]
}

/** Supplies the portfolio facts for one validation. */
export interface PortfolioSource {
  portfolioContext(): Promise<PortfolioContext>
}

/** The result of sending a trade for execution; a refusal is data, not an exception. */
export interface ExecutionReport {
  readonly success: boolean
  readonly error?: string | null
  readonly orderId?: string | null
}

/** Sends approved trades to the order manager. */
export interface TradeExecutor {
  execute(proposal: TradeProposal, correlationId: string): Promise<ExecutionReport>
}

/** What an emergency action did. */
export interface EmergencyReport {
  readonly count: number
  /** Orders cancelled on the way, such as the stop-loss and take-profit of closed positions. */
  readonly cancelledOrders?: number
  readonly errors: readonly string[]
}

/** Closes positions and cancels orders; both stay allowed while HALTED. */
export interface PositionCloser {
  closeAllPositions(reason: string, correlationId: string): Promise<EmergencyReport>
  /**
   * Cancels every open order that would open or add to a position (entries, rebalance orders);
   * exits (stop-losses, take-profits, closes still working) stay.
   */
  cancelAllOrders(reason: string, correlationId: string): Promise<EmergencyReport>
}
