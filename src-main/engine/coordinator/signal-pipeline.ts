import Decimal from 'decimal.js'
import type { Message, MessageBus } from '../bus'
import type { Clock } from '../clock'
import type { Logger } from '../logging/logger'
import { SerialQueue } from '../serial-queue'
import type { AgentViews } from './agent-views'
import {
  detectRiskModification,
  detectSignalConflicts,
  type Conflict,
  type ConflictType,
  type PeerSignal,
} from './conflict-detection'
import type { ConflictResolution, ConflictResolver } from './conflict-resolver'
import { buildConsensus, consensusVotes, type Consensus } from './consensus'
import type { CoordinatorState } from './coordinator-state'
import type { DegradationLevel } from './degradation-level'
import type { EntryPricing } from './entry-pricing'
import type {
  PortfolioContext,
  PortfolioSource,
  RiskGate,
  RiskVerdict,
  TradeExecutor,
  TradeProposal,
} from './ports'
import {
  applyModifications,
  buildProposal,
  describeProposal,
  modificationRefusal,
  toRegimeContext,
  type TradingSignal,
} from './signal-proposal'
import { errorText } from './task-scheduler'

/** How the pipeline dealt with one trading signal. */
export const SIGNAL_OUTCOMES = [
  'ignored_hold',
  'ignored_state',
  'ignored_symbol_paused',
  'held_by_resolution',
  'resolution_refused',
  'no_proposal',
  'risk_rejected',
  'executed',
  'execution_failed',
] as const

export type SignalOutcomeKind = (typeof SIGNAL_OUTCOMES)[number]

/** The record of one signal's way through the pipeline; `correlationId` ties every step together. */
export interface SignalOutcome {
  readonly correlationId: string
  readonly symbol: string
  readonly action: string
  readonly outcome: SignalOutcomeKind
  /** Why, as `key=value` text. */
  readonly detail: string
  readonly conflicts: readonly ConflictType[]
  readonly resolutions: readonly Pick<ConflictResolution, 'action' | 'model' | 'usedDefault'>[]
  readonly consensus: Pick<Consensus, 'agreement' | 'multiplier'> | null
  readonly riskStatus: RiskVerdict['status'] | null
  readonly proposal: Record<string, unknown> | null
  readonly orderId: string | null
}

/** One conflict-log entry (the shape `ConflictResolutionRepository.record` takes). */
export interface ConflictLogEntry {
  createdAtMs: number
  correlationId: string | null
  symbol: string | null
  conflicts: unknown
  action: string
  confidence: number
  reasoning: string
  modifications: unknown
  model: string | null
  latencyMs: number
  usedDefault: boolean
}

/** Where conflicts and resolutions are logged; `ConflictResolutionRepository` fits this port. */
export interface ConflictLog {
  record(entry: ConflictLogEntry): Promise<unknown>
}

/** What the pipeline asks of the coordinator that owns it. */
export interface PipelineHost {
  state(): CoordinatorState
  isSymbolPaused(symbol: string): boolean
  degradationLevel(): DegradationLevel
  count(statistic: string): void
  /** Told after every execution attempt; repeated failures pause the symbol. */
  onExecution(
    symbol: string,
    hasSucceeded: boolean,
    error: string | null,
    correlationId: string,
  ): void
  /** Told when the conflict log cannot be written. */
  onPersistenceFailure(error: unknown, what: string): void
}

/** Pipeline settings from config/orchestration.yaml, and execution.yaml's `orders` for entries. */
export interface PipelineSettings {
  readonly invokeLlmThreshold: number
  readonly significantModificationRatio: number
  readonly correlatedSymbols: readonly (readonly string[])[]
  readonly correlationWindowMs: number
  readonly entryPricing: EntryPricing
}

/** What the pipeline is built from. */
export interface SignalPipelineOptions {
  readonly clock: Clock
  readonly logger: Logger
  readonly bus: MessageBus
  readonly resolver: ConflictResolver
  readonly risk: RiskGate
  readonly portfolio: PortfolioSource
  readonly executor: TradeExecutor
  readonly conflictLog: ConflictLog
  readonly settings: PipelineSettings
  readonly host: PipelineHost
  readonly newId: () => string
}

class Halt {
  constructor(
    readonly outcome: SignalOutcomeKind,
    readonly detail: string,
  ) {}
}

/**
 * Takes trading signals to execution (seed 003 section 3.2): HOLD is ignored; BUY and SELL
 * go on only while RUNNING and the symbol is not paused; conflicts are detected and
 * resolved (wait and abort stop the signal, modify changes it); the consensus of TA,
 * regime and sentiment scales the confidence; the risk engine validates (a significant
 * size change is a conflict too); then the trade is executed. CLOSE signals skip the
 * state checks, conflicts and consensus: reducing exposure is allowed even when HALTED.
 *
 * An opening signal whose entry price is too far from the market makes no proposal
 * (`ENTRY_OFF_MARKET`, see {@link EntryPricing}): the risk engine sizes the trade from it.
 *
 * A modify never skips the risk engine: it changes the signal before the trade is
 * validated or, resolving the risk engine's own change, is validated again. One that moves
 * the entry price is refused (`resolution_refused`): even within that band, a moved entry
 * would re-size the trade and move its stop.
 *
 * Signals of one symbol are handled one after another, in arrival order; symbols run
 * side by side, except that opening trades take turns from reading the portfolio to
 * sending the order: the next one sees the first one's order among the exposure, where
 * two validated against the same portfolio could together exceed the exposure limits.
 * The state is checked again after every wait, so a halt that arrives while a conflict is
 * being resolved stops the trade.
 */
export class SignalPipeline {
  private readonly chains = new Map<string, Promise<unknown>>()
  /** Opening trades' turns at the account (see the class comment). */
  private readonly accountTurns = new SerialQueue()
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly recentSignals = new Map<string, PeerSignal>()
  private stopController = new AbortController()

  constructor(private readonly options: SignalPipelineOptions) {}

  /** Queues a trading signal behind the earlier ones of its symbol; resolves with its outcome. */
  submit(message: Message<'trading_signals'>): Promise<SignalOutcome> {
    const symbol = message.payload.symbol
    const previous = this.chains.get(symbol) ?? Promise.resolve()
    const run = previous.then(() => this.process(message))
    const tail = run.catch(() => undefined)
    this.chains.set(symbol, tail)
    this.inFlight.add(run)
    void tail.then(() => {
      this.inFlight.delete(run)
      if (this.chains.get(symbol) === tail) this.chains.delete(symbol)
    })
    return run
  }

  /** Returns how many signals are queued or being handled. */
  get pending(): number {
    return this.inFlight.size
  }

  /** Resolves when every queued signal has been handled. */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  /** Aborts resolutions in progress (their default then decides: wait). */
  abort(): void {
    this.stopController.abort(new Error('coordinator stopping'))
  }

  /** Lets a stopped pipeline run again. */
  reset(): void {
    if (this.stopController.signal.aborted) this.stopController = new AbortController()
  }

  private async process(message: Message<'trading_signals'>): Promise<SignalOutcome> {
    const { host, logger, newId } = this.options
    const signal = message.payload as TradingSignal
    const correlationId = message.correlationId ?? newId()
    const trace: Trace = {
      correlationId,
      symbol: signal.symbol,
      action: signal.action,
      conflicts: [],
      resolutions: [],
      consensus: null,
      riskStatus: null,
      proposal: null,
      orderId: null,
    }
    host.count('signals_received')
    let outcome: SignalOutcome
    try {
      outcome = await this.run(signal, trace)
    } catch (error) {
      if (!(error instanceof Halt)) throw error
      outcome = { ...trace, outcome: error.outcome, detail: error.detail }
    }
    host.count(`signals_${outcome.outcome}`)
    if (outcome.outcome !== 'ignored_hold') {
      logger.info(outcome, 'trading signal handled')
      this.publishOutcome(outcome)
    }
    return outcome
  }

  private async run(signal: TradingSignal, trace: Trace): Promise<SignalOutcome> {
    const { settings } = this.options
    const symbol = signal.symbol
    if (signal.action === 'HOLD')
      return { ...trace, outcome: 'ignored_hold', detail: 'action=HOLD' }
    const isClosing = signal.action === 'CLOSE'
    this.assertTradingAllowed(signal)

    let current = signal
    const views = this.viewsOf(symbol)
    let confidence = signal.confidence
    let multiplier = 1
    if (!isClosing) {
      const action = signal.action as 'BUY' | 'SELL'
      const peers = this.peersOf(symbol)
      this.recentSignals.set(symbol, { symbol, action, at: this.options.clock.now() })
      const conflicts = detectSignalConflicts(signal, views, peers, {
        invokeLlmThreshold: settings.invokeLlmThreshold,
      })
      if (conflicts.length > 0) {
        current = await this.resolveOrHalt(current, conflicts, views, trace)
        this.assertTradingAllowed(signal)
      }
      const consensus = buildConsensus(consensusVotes(action, views))
      trace.consensus = { agreement: consensus.agreement, multiplier: consensus.multiplier }
      multiplier = consensus.multiplier
      confidence = scaledConfidence(current, multiplier)
    }
    const decided = { signal, current, confidence, multiplier, views }
    if (isClosing) return this.validateAndExecute(decided, trace)
    return this.accountTurns.run(() => this.validateAndExecute(decided, trace))
  }

  /**
   * Builds the proposal from the signal as conflicts left it (`current`) on the portfolio as
   * it is now, has it validated (a significant change by the risk engine is resolved as a
   * conflict) and executes it.
   */
  private async validateAndExecute(
    decided: {
      signal: TradingSignal
      current: TradingSignal
      confidence: number
      /** The consensus multiplier of the confidence (1 for CLOSE). */
      multiplier: number
      views: AgentViews
    },
    trace: Trace,
  ): Promise<SignalOutcome> {
    const { settings } = this.options
    const { signal, current, confidence, multiplier, views } = decided
    const isClosing = signal.action === 'CLOSE'
    const portfolio = await this.portfolioOrHalt(trace)
    let proposal = this.proposalOrHalt(current, confidence, portfolio, trace)
    let verdict = await this.validateOrHalt(proposal, portfolio, views, trace)
    if (!isClosing) {
      const modification = detectRiskModification(
        proposal,
        verdict,
        settings.significantModificationRatio,
      )
      if (modification !== null) {
        const resolved = await this.resolveOrHalt(current, [modification], views, trace, verdict)
        if (resolved !== current) {
          // A modify after the risk engine's change is validated again; its verdict is final.
          // Its confidence is scaled by the consensus like the signal's was, never taken raw.
          const nextConfidence = scaledConfidence(resolved, multiplier)
          proposal = this.proposalOrHalt(resolved, nextConfidence, portfolio, trace)
          verdict = await this.validateOrHalt(proposal, portfolio, views, trace)
        }
      }
      this.assertTradingAllowed(signal)
    }
    return this.execute(verdict.proposal, trace)
  }

  private async execute(proposal: TradeProposal, trace: Trace): Promise<SignalOutcome> {
    const { executor, host, logger } = this.options
    trace.proposal = describeProposal(proposal)
    let error: string | null = null
    let orderId: string | null = null
    try {
      const report = await executor.execute(proposal, trace.correlationId)
      if (report.success) orderId = report.orderId ?? null
      else error = report.error ?? 'execution failed without a reason'
    } catch (thrown) {
      error = errorText(thrown)
      logger.error({ err: thrown, correlationId: trace.correlationId }, 'trade executor threw')
    }
    host.onExecution(proposal.symbol, error === null, error, trace.correlationId)
    if (error !== null) {
      return { ...trace, outcome: 'execution_failed', detail: `EXECUTION: ${error}` }
    }
    return { ...trace, orderId, outcome: 'executed', detail: `order_id=${orderId ?? 'unknown'}` }
  }

  // --- steps that end the signal by throwing a Halt -----------------------------------

  private assertTradingAllowed(signal: TradingSignal): void {
    if (signal.action === 'CLOSE') return
    const { host } = this.options
    const state = host.state()
    if (state !== 'RUNNING') throw new Halt('ignored_state', `state=${state}`)
    if (host.isSymbolPaused(signal.symbol)) {
      throw new Halt('ignored_symbol_paused', `symbol=${signal.symbol} paused`)
    }
  }

  private async resolveOrHalt(
    signal: TradingSignal,
    conflicts: readonly Conflict[],
    views: AgentViews,
    trace: Trace,
    verdict?: RiskVerdict,
  ): Promise<TradingSignal> {
    const { host, resolver, clock, conflictLog, logger } = this.options
    trace.conflicts.push(...conflicts.map((conflict) => conflict.type))
    for (const conflict of conflicts) host.count(`conflicts_${conflict.type}`)
    const level = host.degradationLevel()
    const context: Record<string, unknown> = {
      ta: views.ta,
      regime: views.regime,
      sentiment: views.sentiment,
      degradation_level: level,
    }
    if (verdict !== undefined) {
      context.risk = {
        status: verdict.status,
        reasons: verdict.reasons,
        proposal: describeProposal(verdict.proposal),
      }
    }
    const resolution = await resolver.resolve(
      { correlationId: trace.correlationId, symbol: signal.symbol, signal, conflicts, context },
      {
        isLlmAllowed: level !== 'EMERGENCY',
        isFallbackAllowed: level !== 'LIMITED' && level !== 'EMERGENCY',
        signal: this.stopController.signal,
      },
    )
    trace.resolutions.push({
      action: resolution.action,
      model: resolution.model,
      usedDefault: resolution.usedDefault,
    })
    host.count(resolution.usedDefault ? 'resolutions_default' : 'resolutions_llm')
    logger.info(
      {
        correlationId: trace.correlationId,
        symbol: signal.symbol,
        conflicts: conflicts.map((conflict) => conflict.type),
        action: resolution.action,
        model: resolution.model,
        usedDefault: resolution.usedDefault,
        attempts: resolution.attempts,
      },
      'conflict resolved',
    )
    try {
      await conflictLog.record({
        createdAtMs: clock.now(),
        correlationId: trace.correlationId,
        symbol: signal.symbol,
        conflicts,
        action: resolution.action,
        confidence: resolution.confidence,
        reasoning: resolution.reasoning,
        modifications: resolution.modifications,
        model: resolution.model,
        latencyMs: resolution.latencyMs,
        usedDefault: resolution.usedDefault,
      })
    } catch (error) {
      host.onPersistenceFailure(error, 'conflict_resolution_log')
    }
    switch (resolution.action) {
      case 'proceed':
        return signal
      case 'modify': {
        const refusal = modificationRefusal(
          signal,
          resolution.modifications,
          this.marketPrice(signal.symbol),
        )
        if (refusal !== null) {
          logger.warn(
            { correlationId: trace.correlationId, symbol: signal.symbol, refusal },
            'conflict resolution refused',
          )
          throw new Halt(
            'resolution_refused',
            `${refusal} resolution=modify model=${resolution.model ?? 'default'}`,
          )
        }
        return applyModifications(signal, resolution.modifications)
      }
      case 'wait':
      case 'abort':
        throw new Halt(
          'held_by_resolution',
          `resolution=${resolution.action} model=${resolution.model ?? 'default'}`,
        )
    }
  }

  private async portfolioOrHalt(trace: Trace): Promise<PortfolioContext> {
    try {
      return await this.options.portfolio.portfolioContext()
    } catch (error) {
      this.options.logger.error(
        { err: error, correlationId: trace.correlationId },
        'portfolio unavailable',
      )
      throw new Halt('no_proposal', `PORTFOLIO: ${errorText(error)}`)
    }
  }

  private proposalOrHalt(
    signal: TradingSignal,
    confidence: number,
    portfolio: PortfolioContext,
    trace: Trace,
  ): TradeProposal {
    const built = buildProposal(signal, {
      confidence,
      correlationId: trace.correlationId,
      portfolio,
      marketPrice: this.marketPrice(signal.symbol),
      entryPricing: this.options.settings.entryPricing,
    })
    if (!built.ok) throw new Halt('no_proposal', built.reason)
    trace.proposal = describeProposal(built.proposal)
    return built.proposal
  }

  private async validateOrHalt(
    proposal: TradeProposal,
    portfolio: PortfolioContext,
    views: AgentViews,
    trace: Trace,
  ): Promise<RiskVerdict> {
    let verdict: RiskVerdict
    try {
      verdict = await this.options.risk.validate(proposal, portfolio, toRegimeContext(views.regime))
    } catch (error) {
      // Seed 004 error matrix: a risk validation error rejects the trade.
      this.options.logger.error(
        { err: error, correlationId: trace.correlationId },
        'risk gate threw',
      )
      trace.riskStatus = 'REJECTED'
      throw new Halt('risk_rejected', `RISK_ERROR: ${errorText(error)}`)
    }
    trace.riskStatus = verdict.status
    if (verdict.status === 'REJECTED') {
      throw new Halt('risk_rejected', verdict.reasons.join('; ') || 'rejected without reasons')
    }
    return verdict
  }

  // --- reading the bus ----------------------------------------------------------------

  private viewsOf(symbol: string): AgentViews {
    const bus = this.options.bus
    return {
      ta: bus.latest('ta_signals', { symbol })?.payload ?? null,
      regime: bus.latest('regime_updates', { symbol })?.payload ?? null,
      sentiment: bus.latest('sentiment_updates', { symbol })?.payload ?? null,
    }
  }

  private marketPrice(symbol: string): Decimal | null {
    const price = this.options.bus.latest('market_data', { symbol })?.payload.price
    return price === undefined ? null : new Decimal(price)
  }

  /** Recent opening signals on the symbols correlated with `symbol`, within the window. */
  private peersOf(symbol: string): PeerSignal[] {
    const { clock, settings } = this.options
    const since = clock.now() - settings.correlationWindowMs
    const peers: PeerSignal[] = []
    for (const group of settings.correlatedSymbols) {
      if (!group.includes(symbol)) continue
      for (const other of group) {
        const recent = other === symbol ? undefined : this.recentSignals.get(other)
        if (recent !== undefined && recent.at >= since) peers.push(recent)
      }
    }
    return peers
  }

  private publishOutcome(outcome: SignalOutcome): void {
    try {
      this.options.bus.publish({
        topic: 'system_events',
        source: 'coordinator',
        correlationId: outcome.correlationId,
        payload: {
          event_type: 'signal_processed',
          data: {
            symbol: outcome.symbol,
            action: outcome.action,
            outcome: outcome.outcome,
            detail: outcome.detail,
            conflicts: [...outcome.conflicts],
            risk_status: outcome.riskStatus,
            order_id: outcome.orderId,
          },
        },
      })
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not publish signal outcome')
    }
  }
}

interface Trace {
  correlationId: string
  symbol: string
  action: string
  conflicts: ConflictType[]
  resolutions: Pick<ConflictResolution, 'action' | 'model' | 'usedDefault'>[]
  consensus: Pick<Consensus, 'agreement' | 'multiplier'> | null
  riskStatus: RiskVerdict['status'] | null
  proposal: Record<string, unknown> | null
  orderId: string | null
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

/** Returns the signal's confidence scaled by the consensus multiplier, at most 1. */
function scaledConfidence(signal: TradingSignal, multiplier: number): number {
  return Math.min(1, round(signal.confidence * multiplier))
}
