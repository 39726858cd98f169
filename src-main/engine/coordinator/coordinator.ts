import { randomUUID } from 'node:crypto'
import type {
  CoordinatorStatus,
  KillSwitchResult,
  TaskStatus,
} from '../../../src-shared/contract/coordinator'
import type { Message, MessageBus, MessagePriority, TopicPayload } from '../bus'
import type { Clock, TimerHandle } from '../clock'
import type { OrchestrationConfig } from '../config/schemas/orchestration'
import type { Logger } from '../logging/logger'
import { ChangeListeners } from '../events/change-listeners'
import { ConflictResolver } from './conflict-resolver'
import {
  parseSnapshot,
  toStateRow,
  type CoordinatorSnapshot,
  type CoordinatorStateStore,
  type ResumeAfterBreakers,
} from './coordinator-snapshot'
import {
  transitionCoordinator,
  type CoordinatorEvent,
  type CoordinatorState,
  type TransitionResult,
} from './coordinator-state'
import { severityOf, type DegradationLevel } from './degradation-level'
import { DegradationMonitor, type DegradationChange } from './degradation-monitor'
import type { EntryPricing } from './entry-pricing'
import type {
  ConflictModels,
  EmergencyReport,
  HealthSource,
  PortfolioSource,
  PositionCloser,
  RiskGate,
  TaskRunner,
  TradeExecutor,
} from './ports'
import { SignalPipeline, type ConflictLog } from './signal-pipeline'
import {
  isSkippedAtLevel,
  isTaskName,
  TASK_DEFINITIONS,
  TASK_NAMES,
  type TaskDefinition,
  type TaskName,
} from './task-catalogue'
import { errorText, TaskScheduler, type RunSettled } from './task-scheduler'

/** The coordinator section of config/orchestration.yaml. */
export type CoordinatorConfig = OrchestrationConfig['coordinator']

/** What the coordinator is built from (constructor injection; no agent, LLM or exchange inside). */
export interface CoordinatorOptions {
  readonly clock: Clock
  readonly logger: Logger
  readonly bus: MessageBus
  readonly config: CoordinatorConfig
  /** How entries are sent (execution.yaml `orders`) and how far from the market they may be. */
  readonly entryPricing: EntryPricing
  /** One runner per scheduled task (give a no-op for a task the app does not have yet). */
  readonly runners: Readonly<Record<TaskName, TaskRunner>>
  /** Primary and fallback models for conflict resolution; null resolves every conflict by the default. */
  readonly conflictModels: ConflictModels | null
  readonly risk: RiskGate
  readonly portfolio: PortfolioSource
  readonly executor: TradeExecutor
  readonly positionCloser: PositionCloser
  readonly stateStore: CoordinatorStateStore
  readonly conflictLog: ConflictLog
  readonly healthSource?: HealthSource | null
  /** Correlation ids; random UUIDs when omitted. */
  readonly newId?: () => string
  /** The coordinator_state row id; "coordinator" when omitted. */
  readonly id?: string
}

/** The outcome of a task command: the task's status, or why the command was refused. */
export type TaskCommandResult = { ok: true; status: TaskStatus } | { ok: false; error: string }

const SUBSCRIBER_ID = 'coordinator'
const SOURCE = 'coordinator'
const NOTHING_DONE: EmergencyReport = { count: 0, errors: [] }

/**
 * The coordinator (seed 003 section 3.2, seed 001 v1.1–v1.4): runs the scheduled agent
 * tasks, keeps the RUNNING / PAUSED / HALTED state and the degradation level, takes
 * trading signals through conflicts, consensus, risk and execution, halts on circuit
 * breakers, pauses symbols whose executions keep failing, and saves all of it so a
 * restart carries on where it stopped.
 *
 * States: PAUSED keeps every task running and ignores opening signals; HALTED also stops
 * the trading tasks (trading decision, portfolio rebalance) until an explicit `resume`.
 * Closing positions and cancelling orders stay allowed in every state.
 */
export class Coordinator {
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly bus: MessageBus
  private readonly config: CoordinatorConfig
  private readonly newId: () => string
  private readonly id: string
  private readonly scheduler: TaskScheduler
  private readonly monitor: DegradationMonitor
  private readonly pipeline: SignalPipeline
  private current: CoordinatorState = 'RUNNING'
  /**
   * What trading was doing when circuit breakers halted it, to go back to once they all
   * re-armed by themselves; null when a person halted it, or resumed, paused or reset a
   * breaker by hand since.
   */
  private resumeAfterBreakers: ResumeAfterBreakers | null = null
  private readonly pausedSymbols = new Set<string>()
  private readonly executionErrors = new Map<string, number>()
  private readonly statistics = new Map<string, number>()
  private readonly background = new Set<Promise<unknown>>()
  private isStarted = false
  private healthTimer: TimerHandle | null = null
  private readonly taskListeners: ChangeListeners<TaskName>
  private readonly statusListeners: ChangeListeners<CoordinatorStatus>
  private saveChain: Promise<void> = Promise.resolve()
  private isSaveQueued = false
  /** Why the saved state could not be restored at start; null when it was (or none was saved). */
  private restoreError: string | null = null
  /**
   * True while the saved row could not be restored: it is left as stored (it may record a halt
   * and what made it) until the state changes here, by a person or a circuit breaker.
   */
  private isStoredRowKept = false

  constructor(private readonly options: CoordinatorOptions) {
    this.clock = options.clock
    this.logger = options.logger
    this.bus = options.bus
    this.config = options.config
    this.newId = options.newId ?? randomUUID
    this.id = options.id ?? 'coordinator'
    this.taskListeners = new ChangeListeners(this.logger, 'coordinator task change', (name) => ({
      task: name,
    }))
    this.statusListeners = new ChangeListeners(this.logger, 'coordinator status change')
    this.monitor = new DegradationMonitor({
      clock: this.clock,
      logger: this.logger,
      thresholds: { failuresBeforeUnhealthy: this.config.degradation.failures_before_unhealthy },
      successesBeforeRecovery: this.config.degradation.successes_before_recovery,
      healthSource: options.healthSource ?? null,
      agentsSkippedAt: (level) => agentsSkippedAt(level),
    })
    this.scheduler = new TaskScheduler({
      clock: this.clock,
      logger: this.logger,
      symbols: this.config.symbols,
      schedules: this.config.schedules,
      runners: options.runners,
      newId: this.newId,
      holdReason: (task) => this.holdReason(task),
      degradationLevel: () => this.monitor.level,
      onRunSettled: (event) => this.onRunSettled(event),
      // A skipped run says nothing about the agent's health: counted, never a failure.
      onRunSkipped: () => this.count('task_runs_skipped'),
      onTickHeld: () => this.count('task_ticks_held'),
      onChange: (task) => {
        this.requestSave()
        this.announceTask(task)
      },
    })
    const conflicts = this.config.conflicts
    this.pipeline = new SignalPipeline({
      clock: this.clock,
      logger: this.logger,
      bus: this.bus,
      resolver: new ConflictResolver({
        clock: this.clock,
        logger: this.logger,
        models: options.conflictModels,
        maxResolutionTimeMs: conflicts.max_resolution_time_ms,
        modelTimeoutMs: conflicts.model_timeout_ms,
      }),
      risk: options.risk,
      portfolio: options.portfolio,
      executor: options.executor,
      conflictLog: options.conflictLog,
      settings: {
        invokeLlmThreshold: conflicts.invoke_llm_threshold,
        significantModificationRatio: conflicts.significant_modification_ratio,
        correlatedSymbols: conflicts.correlated_symbols,
        correlationWindowMs: conflicts.correlation_window_seconds * 1000,
        entryPricing: options.entryPricing,
      },
      newId: this.newId,
      host: {
        state: () => this.current,
        isSymbolPaused: (symbol) => this.pausedSymbols.has(symbol),
        degradationLevel: () => this.monitor.level,
        count: (name) => this.count(name),
        onExecution: (symbol, hasSucceeded, error, correlationId) =>
          this.onExecution(symbol, hasSucceeded, error, correlationId),
        onPersistenceFailure: (error, what) => this.onPersistenceFailure(error, what),
      },
    })
  }

  // --- lifecycle ----------------------------------------------------------------------

  /**
   * Restores the saved state (when `state.recovery_on_restart`), subscribes to
   * trading_signals and risk_alerts, and arms the schedules: each task resumes from its
   * saved last run, and one that is overdue runs once, now. A saved state that cannot
   * be read starts the coordinator PAUSED — HALTED when its state column still says so —
   * and is not written over until the state changes (see {@link restoreFailure}).
   */
  async start(): Promise<void> {
    if (this.isStarted) return
    this.pipeline.reset()
    await this.restore()
    this.bus.subscribe(SUBSCRIBER_ID, 'trading_signals', (message) => {
      void this.pipeline.submit(message).catch((error: unknown) => {
        this.logger.error({ err: error, messageId: message.id }, 'trading signal handling failed')
      })
    })
    this.bus.subscribe(SUBSCRIBER_ID, 'risk_alerts', (message) => this.onRiskAlert(message))
    this.isStarted = true
    this.resumeIfBreakersRearmedWhileStopped()
    this.haltIfBreakersTrippedUnheard()
    this.scheduler.start()
    this.healthTimer = this.clock.setInterval(
      () => this.evaluateHealth(),
      this.config.degradation.check_interval_seconds * 1000,
    )
    this.publishSystemEvent('coordinator_started', { state: this.current }, 'NORMAL')
    this.logger.info({ state: this.current, level: this.monitor.level }, 'coordinator started')
    this.requestSave()
  }

  /**
   * Stops scheduling and listening, waits up to `state.stop_timeout_seconds` (clock time)
   * for running tasks and signals — aborting what is still running then — and saves.
   */
  async stop(): Promise<void> {
    if (!this.isStarted) return
    this.isStarted = false
    this.bus.unsubscribe(SUBSCRIBER_ID)
    this.scheduler.stop()
    if (this.healthTimer !== null) this.clock.clearTimer(this.healthTimer)
    this.healthTimer = null
    const boundMs = this.config.state.stop_timeout_seconds * 1000
    const [aborted, isSettled] = await Promise.all([
      this.scheduler.waitForRuns(boundMs),
      this.settleWithin(Promise.all([this.pipeline.whenIdle(), this.backgroundIdle()]), boundMs),
    ])
    if (!isSettled) this.pipeline.abort()
    this.logger.info({ abortedRuns: aborted, isSettled }, 'coordinator stopped')
    this.requestSave(true)
    await this.flush()
  }

  /** Resolves when no task run, signal or emergency action is in progress. */
  async whenIdle(): Promise<void> {
    await this.scheduler.whenIdle()
    await this.pipeline.whenIdle()
    await this.backgroundIdle()
    await this.flush()
  }

  /** Resolves once every requested save has been written (or has failed). */
  async flush(): Promise<void> {
    let chain: Promise<void>
    do {
      chain = this.saveChain
      await chain
    } while (chain !== this.saveChain)
  }

  // --- state --------------------------------------------------------------------------

  /** The current state. */
  get state(): CoordinatorState {
    return this.current
  }

  /** Returns why the saved state could not be restored at start, or null when it was. */
  get restoreFailure(): string | null {
    return this.restoreError
  }

  /** Pauses trading (analysis goes on); illegal unless RUNNING. */
  pause(reason = 'manual'): TransitionResult {
    this.resumeAfterBreakers = null
    return this.transition('pause', reason)
  }

  /** Resumes trading from PAUSED or HALTED; illegal when RUNNING. */
  resume(reason = 'manual'): TransitionResult {
    this.resumeAfterBreakers = null
    return this.transition('resume', reason)
  }

  /** Halts trading until an explicit resume; closing and cancelling stay allowed. */
  halt(reason: string): TransitionResult {
    this.resumeAfterBreakers = null
    return this.transition('halt', reason)
  }

  /** The symbols the coordinator schedules and trades (orchestration.yaml). */
  get symbols(): readonly string[] {
    return this.config.symbols
  }

  /** Returns true when a trade of this kind may be sent now: closing always, opening only while RUNNING and the symbol is not paused. */
  isTradeAllowed(symbol: string, isClosing: boolean): boolean {
    if (isClosing) return true
    return this.current === 'RUNNING' && !this.pausedSymbols.has(symbol)
  }

  /** Pauses one symbol's trading; returns false when it was already paused. */
  pauseSymbol(symbol: string, reason: string): boolean {
    if (this.pausedSymbols.has(symbol)) return false
    this.pausedSymbols.add(symbol)
    this.logger.warn({ symbol, reason }, 'symbol paused')
    this.publishSystemEvent('symbol_paused', { symbol, reason }, 'HIGH')
    this.requestSave()
    this.announceStatus()
    return true
  }

  /** Resumes one symbol's trading and clears its execution-error count; false when it was not paused. */
  resumeSymbol(symbol: string): boolean {
    this.executionErrors.delete(symbol)
    if (!this.pausedSymbols.delete(symbol)) return false
    this.logger.info({ symbol }, 'symbol resumed')
    this.publishSystemEvent('symbol_resumed', { symbol }, 'NORMAL')
    this.requestSave()
    this.announceStatus()
    return true
  }

  /**
   * The kill switch: halts trading, cancels every open order that protects no position and,
   * when asked, closes every position (with its protective orders). The result counts every
   * order cancelled. Failures are collected, never thrown.
   */
  async killSwitch(input: {
    closePositions: boolean
  }): Promise<Omit<KillSwitchResult, 'cancelledBatches'>> {
    const correlationId = this.newId()
    this.halt('kill switch')
    const errors: string[] = []
    const cancelled = await this.emergencyAction(
      () => this.options.positionCloser.cancelAllOrders('kill switch', correlationId),
      errors,
    )
    const closed = input.closePositions
      ? await this.emergencyAction(
          () => this.options.positionCloser.closeAllPositions('kill switch', correlationId),
          errors,
        )
      : NOTHING_DONE
    return {
      state: this.current,
      cancelledOrders:
        cancelled.count + (cancelled.cancelledOrders ?? 0) + (closed.cancelledOrders ?? 0),
      closedPositions: closed.count,
      errors,
    }
  }

  // --- tasks --------------------------------------------------------------------------

  /** Runs a task now for every symbol not already running it (manual: runs even when held). */
  runTaskNow(name: string): TaskCommandResult {
    if (!isTaskName(name)) return unknownTask(name)
    const run = this.scheduler.runNow(name)
    this.track(run)
    return { ok: true, status: this.scheduler.status(name) }
  }

  /** Enables a task; it runs at its last run plus its interval, or now when overdue. */
  enableTask(name: string): TaskCommandResult {
    if (!isTaskName(name)) return unknownTask(name)
    this.scheduler.setEnabled(name, true)
    return { ok: true, status: this.scheduler.status(name) }
  }

  /** Disables a task; a run already going finishes. */
  disableTask(name: string): TaskCommandResult {
    if (!isTaskName(name)) return unknownTask(name)
    this.scheduler.setEnabled(name, false)
    return { ok: true, status: this.scheduler.status(name) }
  }

  // --- degradation --------------------------------------------------------------------

  /** The current degradation level, for agents and the LLM router to consult. */
  get degradationLevel(): DegradationLevel {
    return this.monitor.level
  }

  /** Returns false in EMERGENCY: rules only, no LLM call. */
  isLlmAllowed(): boolean {
    return this.monitor.level !== 'EMERGENCY'
  }

  /** Returns true when an agent's task runs at the current level. */
  isAgentActive(agent: string): boolean {
    return !agentsSkippedAt(this.monitor.level).has(agent)
  }

  /**
   * Assesses agent and LLM health now (also done after every task run and every
   * `degradation.check_interval_seconds`); returns the level change it caused, or null.
   */
  evaluateHealth(): DegradationChange | null {
    const change = this.monitor.evaluate()
    if (change === null) return null
    const isRecovery = severityOf(change.to) < severityOf(change.from)
    this.count(isRecovery ? 'degradation_recoveries' : 'degradation_escalations')
    this.publishSystemEvent(
      isRecovery ? 'degradation_recovered' : 'degradation_entered',
      { from: change.from, to: change.to, reason: change.reason },
      'HIGH',
    )
    this.requestSave()
    this.announceStatus()
    return change
  }

  // --- status -------------------------------------------------------------------------

  /** Returns the contract DTO `CoordinatorStatus`, stamped with the engine's clock. */
  status(): CoordinatorStatus {
    return {
      now: this.clock.now(),
      state: this.current,
      degradationLevel: this.monitor.level,
      symbols: [...this.symbols],
      pausedSymbols: [...this.pausedSymbols].sort(),
      tasks: this.scheduler.statuses(),
      statistics: Object.fromEntries(this.statistics),
      degradationHistory: this.monitor.history.map((change) => ({ ...change })),
    }
  }

  /** Returns one task's status DTO, or undefined for an unknown name. */
  taskStatus(name: string): TaskStatus | undefined {
    return isTaskName(name) ? this.scheduler.status(name) : undefined
  }

  /**
   * Calls `listener` with a task's name each time its status changes (a run started, ended or
   * was skipped; enabled or disabled), so a UI can follow the tasks without polling; the
   * listener reads the status ({@link taskStatus}) only when it needs it. Returns the function
   * that stops it.
   */
  onTaskChange(listener: (name: TaskName) => void): () => void {
    return this.taskListeners.add(listener)
  }

  /**
   * Calls `listener` with the whole status each time the state (RUNNING / PAUSED / HALTED),
   * the degradation level or the paused symbols change — by a command or on the engine's own
   * (a circuit breaker's halt, the health check, repeated execution errors) — so a UI shows
   * a halt at once. Returns the function that stops it.
   */
  onStatusChange(listener: (status: CoordinatorStatus) => void): () => void {
    return this.statusListeners.add(listener)
  }

  // --- internals ----------------------------------------------------------------------

  private announceTask(name: TaskName): void {
    this.taskListeners.notify(name)
  }

  private announceStatus(): void {
    // Built only for a listener: tests and tools run coordinators without one.
    if (this.statusListeners.size > 0) this.statusListeners.notify(this.status())
  }

  private transition(event: CoordinatorEvent, reason: string): TransitionResult {
    const result = transitionCoordinator(this.current, event)
    if (!result.ok) {
      this.logger.warn({ state: this.current, event, reason }, result.error)
      return result
    }
    if (result.to === result.from) return result
    this.current = result.to
    // The state is decided here now: the row that could not be restored gives way.
    this.isStoredRowKept = false
    this.count(`transitions_${event}`)
    this.logger.warn({ from: result.from, to: result.to, reason }, 'coordinator state changed')
    this.publishSystemEvent(
      'coordinator_state_changed',
      { from: result.from, to: result.to, reason },
      result.to === 'HALTED' ? 'URGENT' : 'HIGH',
    )
    this.requestSave()
    this.announceStatus()
    return result
  }

  private holdReason(task: TaskDefinition): string | null {
    if (this.current === 'HALTED' && task.isTrading) return 'state=HALTED'
    const level = this.monitor.level
    if (isSkippedAtLevel(task.tier, level)) return `degradation=${level}`
    return null
  }

  private onRunSettled(event: RunSettled): void {
    this.monitor.recordRun(event.agent, event.symbol, event.outcome === 'succeeded')
    this.count(`task_runs_${event.outcome}`)
    if (event.outcome !== 'succeeded') {
      this.publishSystemEvent(
        event.outcome === 'failed' ? 'task_failed' : 'task_timed_out',
        { task: event.task, symbol: event.symbol, error: event.error },
        'NORMAL',
        event.correlationId,
      )
    }
    this.evaluateHealth()
  }

  private onRiskAlert(message: Message<'risk_alerts'>): void {
    const alert = message.payload
    const isBreaker =
      alert.alert_type === 'circuit_breaker' || alert.action_required === 'halt_trading'
    if (isBreaker) {
      this.track(this.onCircuitBreaker(alert, message.correlationId ?? this.newId()))
      return
    }
    this.logger.info({ alert }, 'risk alert noted')
    if (alert.alert_type === 'circuit_breaker_reset') this.onBreakerRearmed(alert)
  }

  /**
   * Goes back to what trading was doing once the last breaker that halted it re-armed by
   * itself (its reset time came). A reset by hand leaves the resume to the person.
   */
  private onBreakerRearmed(alert: Readonly<TopicPayload<'risk_alerts'>>): void {
    if (alert.reset_kind === 'manual') {
      // The halt is the person's to lift now: no later expiry, nor a restart, resumes it.
      if (this.resumeAfterBreakers !== null) {
        this.resumeAfterBreakers = null
        this.requestSave()
      }
      return
    }
    const isLastToExpire =
      alert.reset_kind === 'expired' &&
      Array.isArray(alert.active_breakers) &&
      alert.active_breakers.length === 0
    if (isLastToExpire) this.endBreakerHalt(`circuit breakers re-armed: ${alert.message}`)
  }

  /**
   * A halt by circuit breakers restored at start whose breakers all re-armed while the app
   * was stopped (their re-arm alerts went out before anyone listened) ends now, as it would
   * have then. Breakers still tripped re-arm later, through {@link onBreakerRearmed}.
   */
  private resumeIfBreakersRearmedWhileStopped(): void {
    if (this.resumeAfterBreakers === null || this.options.risk.activeBreakers().length > 0) return
    this.endBreakerHalt('circuit breakers re-armed while the app was stopped')
  }

  /**
   * Halts trading when circuit breakers are tripped at start and trading is not halted: their
   * alerts went out before anyone listened (limits tightened while the app was stopped trip at
   * the risk engine's start; a stop between a trip and the coordinator's save). The halt is
   * handled as the alert would have been, positions closed too when the config says so.
   */
  private haltIfBreakersTrippedUnheard(): void {
    const active = this.options.risk.activeBreakers()
    if (active.length === 0 || this.current === 'HALTED') return
    const alert: TopicPayload<'risk_alerts'> = {
      alert_type: 'circuit_breaker',
      severity: 'critical',
      message: `circuit breakers tripped at start: ${active.join(', ')}`,
      action_required: 'halt_trading',
    }
    this.track(this.onCircuitBreaker(alert, this.newId()))
  }

  /** Ends a halt the circuit breakers made (not one a person made), when the config allows. */
  private endBreakerHalt(reason: string): void {
    const resumeTo = this.resumeAfterBreakers
    if (resumeTo === null || this.current !== 'HALTED') return
    if (!this.config.emergency.resume_when_breakers_rearm) return
    this.resumeAfterBreakers = null
    this.transition('resume', reason)
    // The table has no HALTED → PAUSED: a pause taken before the halt is taken again.
    if (resumeTo === 'PAUSED') this.transition('pause', 'paused before the circuit breaker')
  }

  private async onCircuitBreaker(
    alert: Readonly<TopicPayload<'risk_alerts'>>,
    correlationId: string,
  ): Promise<void> {
    const reason = `circuit_breaker: ${alert.message}`
    const wasHalted = this.current === 'HALTED'
    // Kept from the first breaker; a halt a person made stays theirs to lift.
    if (!wasHalted) this.resumeAfterBreakers = this.current === 'PAUSED' ? 'PAUSED' : 'RUNNING'
    this.transition('halt', reason)
    this.count('circuit_breaker_alerts')
    this.publishSystemEvent(
      'trading_halted',
      {
        reason: alert.message,
        alert_type: alert.alert_type,
        severity: alert.severity,
        was_halted: wasHalted,
        close_positions: this.config.emergency.close_positions_on_circuit_breaker,
      },
      'URGENT',
      correlationId,
    )
    await this.cancelEntryOrders(reason, correlationId)
    if (!this.config.emergency.close_positions_on_circuit_breaker) return
    const errors: string[] = []
    const { count: closed } = await this.emergencyAction(
      () => this.options.positionCloser.closeAllPositions(reason, correlationId),
      errors,
    )
    this.publishSystemEvent(
      'positions_closed',
      { reason, closed, errors },
      errors.length > 0 ? 'URGENT' : 'HIGH',
      correlationId,
    )
  }

  /**
   * Cancels the open orders that would open or add to a position, on every halt by a breaker:
   * a resting entry would still fill after trading stopped. Exits stay with the positions kept.
   */
  private async cancelEntryOrders(reason: string, correlationId: string): Promise<void> {
    const errors: string[] = []
    const { count: cancelled } = await this.emergencyAction(
      () => this.options.positionCloser.cancelAllOrders(reason, correlationId),
      errors,
    )
    this.logger.warn({ reason, cancelled, errors }, 'entry orders cancelled')
    this.publishSystemEvent(
      'orders_cancelled',
      { reason, cancelled, errors },
      errors.length > 0 ? 'URGENT' : 'HIGH',
      correlationId,
    )
  }

  private async emergencyAction(
    action: () => Promise<EmergencyReport>,
    errors: string[],
  ): Promise<EmergencyReport> {
    try {
      const report = await action()
      errors.push(...report.errors)
      return report
    } catch (error) {
      this.logger.error({ err: error }, 'emergency action failed')
      errors.push(errorText(error))
      return NOTHING_DONE
    }
  }

  private onExecution(
    symbol: string,
    hasSucceeded: boolean,
    error: string | null,
    correlationId: string,
  ): void {
    if (hasSucceeded) {
      this.executionErrors.delete(symbol)
      return
    }
    const errors = (this.executionErrors.get(symbol) ?? 0) + 1
    this.executionErrors.set(symbol, errors)
    this.count('execution_errors')
    this.publishSystemEvent(
      'execution_failed',
      { symbol, error, consecutive_errors: errors },
      'HIGH',
      correlationId,
    )
    const limit = this.config.emergency.execution_errors_before_symbol_pause
    if (errors >= limit) {
      this.pauseSymbol(symbol, `execution_errors=${errors} limit=${limit} last_error=${error}`)
    }
  }

  /** Seed 004 error matrix: "database unavailable → pause trading, manual intervention". */
  private onPersistenceFailure(error: unknown, what: string): void {
    // Counted without a save: asking to save after a failed save would loop.
    this.bump('persistence_failures')
    this.logger.error({ err: error, what }, 'coordinator could not write to the database')
    if (this.current === 'RUNNING') this.pause(`database_unavailable: ${what}`)
  }

  private count(name: string): void {
    this.bump(name)
    this.requestSave()
  }

  private bump(name: string): void {
    this.statistics.set(name, (this.statistics.get(name) ?? 0) + 1)
  }

  private async restore(): Promise<void> {
    this.restoreError = null
    this.isStoredRowKept = false
    if (!this.config.state.recovery_on_restart) return
    let row
    try {
      row = await this.options.stateStore.load(this.id)
    } catch (error) {
      this.logger.error({ err: error }, 'coordinator state could not be read; starting PAUSED')
      this.startUnrestored('PAUSED', errorText(error))
      return
    }
    if (row === null) return
    const parsed = parseSnapshot(row)
    if (!parsed.ok) {
      // A halt outlives the rest of its row; what made it (and whether it may end by itself)
      // is lost with the rest, so it waits for a person.
      const state = row.state === 'HALTED' ? 'HALTED' : 'PAUSED'
      this.logger.error(
        { error: parsed.error, storedState: row.state },
        `saved coordinator state is invalid; starting ${state}`,
      )
      this.startUnrestored(state, parsed.error)
      return
    }
    const snapshot = parsed.snapshot
    this.current = snapshot.state
    this.resumeAfterBreakers = snapshot.state === 'HALTED' ? snapshot.resumeAfterBreakers : null
    this.monitor.restore(snapshot.degradationLevel, snapshot.degradationHistory)
    this.scheduler.restore(snapshot.tasks)
    this.statistics.clear()
    for (const [name, value] of Object.entries(snapshot.statistics))
      this.statistics.set(name, value)
    this.pausedSymbols.clear()
    for (const symbol of snapshot.pausedSymbols) this.pausedSymbols.add(symbol)
    this.logger.info(
      { state: this.current, savedAt: snapshot.savedAt, pausedSymbols: snapshot.pausedSymbols },
      'coordinator state restored',
    )
  }

  /** Starts in `state` without the saved row, which stays as stored until the state changes. */
  private startUnrestored(state: CoordinatorState, error: string): void {
    this.current = state
    this.restoreError = error
    this.isStoredRowKept = true
    this.bump('restore_failures')
    this.publishSystemEvent('coordinator_restore_failed', { state, error }, 'URGENT')
  }

  private snapshot(): CoordinatorSnapshot {
    return {
      state: this.current,
      degradationLevel: this.monitor.level,
      tasks: this.scheduler.records(),
      statistics: Object.fromEntries(this.statistics),
      pausedSymbols: [...this.pausedSymbols].sort(),
      degradationHistory: [...this.monitor.history],
      resumeAfterBreakers: this.resumeAfterBreakers,
      savedAt: this.clock.now(),
    }
  }

  /** Queues one save (coalescing requests made while one is waiting), in order, after the last. */
  private requestSave(isFinal = false): void {
    if (!this.config.state.persist_to_db || this.isStoredRowKept) return
    if (!this.isStarted && !isFinal) return
    if (this.isSaveQueued) return
    this.isSaveQueued = true
    this.saveChain = this.saveChain.then(async () => {
      this.isSaveQueued = false
      try {
        await this.options.stateStore.save(this.id, toStateRow(this.snapshot()))
      } catch (error) {
        this.onPersistenceFailure(error, 'coordinator_state')
      }
    })
  }

  private publishSystemEvent(
    eventType: string,
    data: Record<string, unknown>,
    priority: MessagePriority,
    correlationId?: string,
  ): void {
    try {
      this.bus.publish({
        topic: 'system_events',
        source: SOURCE,
        priority,
        correlationId: correlationId ?? null,
        payload: { event_type: eventType, data },
      })
    } catch (error) {
      this.logger.error({ err: error, eventType }, 'could not publish system event')
    }
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => {
      this.logger.error({ err: error }, 'coordinator background work failed')
    })
    this.background.add(tracked)
    void tracked.then(() => this.background.delete(tracked))
  }

  private async backgroundIdle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background])
  }

  /** Resolves true when `work` settles within `boundMs` of clock time, false otherwise. */
  private settleWithin(work: Promise<unknown>, boundMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => resolve(false), boundMs)
      void work.then(
        () => {
          this.clock.clearTimer(timer)
          resolve(true)
        },
        () => {
          this.clock.clearTimer(timer)
          resolve(true)
        },
      )
    })
  }
}

/** Returns the agents whose tasks do not run at a degradation level. */
export function agentsSkippedAt(level: DegradationLevel): ReadonlySet<string> {
  const agents = new Set<string>()
  for (const name of TASK_NAMES) {
    const definition = TASK_DEFINITIONS[name]
    if (isSkippedAtLevel(definition.tier, level)) agents.add(definition.agent)
  }
  return agents
}

function unknownTask(name: string): TaskCommandResult {
  return { ok: false, error: `unknown task name=${name} known=${TASK_NAMES.join(',')}` }
}
