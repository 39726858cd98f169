import type { TaskSkip, TaskSkipCode, TaskStatus } from '../../../src-shared/contract/coordinator'
import type { Clock, TimerHandle } from '../clock'
import type { Logger } from '../logging/logger'
import type { DegradationLevel } from './degradation-level'
import type { TaskRunner } from './ports'
import { isRunSkipped, type RunSkipped } from './run-skipped'
import { TASK_DEFINITIONS, TASK_NAMES, type TaskDefinition, type TaskName } from './task-catalogue'

/** One task's schedule, as in config/orchestration.yaml. */
export interface TaskSchedule {
  readonly interval_seconds: number
  readonly enabled: boolean
  readonly timeout_seconds: number
}

/** How one symbol run of a task ended. */
export type RunOutcome = 'succeeded' | 'failed' | 'timed_out'

/** Reported once for every symbol run that ends (skipped runs are not runs: see `onRunSkipped`). */
export interface RunSettled {
  readonly task: TaskName
  readonly agent: string
  readonly symbol: string
  readonly outcome: RunOutcome
  readonly correlationId: string
  readonly durationMs: number
  readonly error: string | null
}

/** A task's counters and times, as saved and restored. */
export interface TaskRecord {
  isEnabled: boolean
  lastRunAt: number | null
  lastDurationMs: number | null
  runs: number
  failures: number
  skipped: number
  timeouts: number
  lastError: string | null
  /** The latest skipped symbol run, until a later run of that symbol goes through. */
  lastSkip: TaskSkip | null
}

/** What the scheduler is built from. */
export interface TaskSchedulerOptions {
  readonly clock: Clock
  readonly logger: Logger
  readonly symbols: readonly string[]
  readonly schedules: Readonly<Record<TaskName, TaskSchedule>>
  readonly runners: Readonly<Record<TaskName, TaskRunner>>
  readonly newId: () => string
  /** Returns why a scheduled tick of this task must not run now (halted, degraded), or null. */
  readonly holdReason: (task: TaskDefinition) => string | null
  readonly degradationLevel: () => DegradationLevel
  readonly onRunSettled: (event: RunSettled) => void
  /** Called for a symbol run skipped: its previous run still going, or the runner had nothing to work on. */
  readonly onRunSkipped: (task: TaskDefinition, symbol: string, reason: string) => void
  readonly onTickHeld: (task: TaskDefinition, reason: string) => void
  /**
   * Called whenever a task's status changes: a tick starts or ends, a symbol run is skipped,
   * the task is enabled or disabled (for persistence and the UI's task list).
   */
  readonly onChange: (task: TaskName) => void
}

interface SymbolRun {
  readonly controller: AbortController
  readonly done: Promise<void>
}

class TaskSlot implements TaskRecord {
  isEnabled: boolean
  lastRunAt: number | null = null
  lastDurationMs: number | null = null
  runs = 0
  failures = 0
  skipped = 0
  timeouts = 0
  lastError: string | null = null
  lastSkip: TaskSkip | null = null
  nextRunAt: number | null = null
  timer: TimerHandle | null = null
  readonly inFlight = new Map<string, SymbolRun>()

  constructor(
    readonly definition: TaskDefinition,
    readonly intervalMs: number,
    readonly timeoutMs: number,
    isEnabled: boolean,
  ) {
    this.isEnabled = isEnabled
  }
}

/**
 * Runs the coordinator's scheduled tasks on the injected clock (seed 003 section 3.2,
 * seed 004 "Task Starvation", "Concurrent Execution", "Symbol Independence").
 *
 * - Each task fires at a fixed rate from its first run; a tick that comes late (a
 *   suspended machine) runs once and the next one is due an interval later: no burst.
 * - A tick runs the task for every symbol at once; each symbol run is on its own, so one
 *   symbol's failure or timeout never touches another's.
 * - A symbol whose previous run is still going when the next tick comes is skipped and
 *   counted, never stacked.
 * - A run whose runner returns {@link RunSkipped} (no market data for the symbol yet) is
 *   counted as skipped too: no failure, no `RunSettled`, so no degradation.
 * - The latest skip is kept with its code, symbol and time, and dropped once a run of
 *   that symbol started after it ends (succeeded, failed or timed out): the reason no
 *   longer holds then.
 * - Every symbol run has a timeout on the clock; a run past it is abandoned, its abort
 *   signal fired, and counted as a timeout; the symbol is free for the next tick.
 *
 * `runs` counts ticks (scheduled or run-now); `failures`, `timeouts` and `skipped` count
 * symbol runs.
 */
export class TaskScheduler {
  private readonly slots = new Map<TaskName, TaskSlot>()
  private isStarted = false

  constructor(private readonly options: TaskSchedulerOptions) {
    for (const name of TASK_NAMES) {
      const schedule = options.schedules[name]
      this.slots.set(
        name,
        new TaskSlot(
          TASK_DEFINITIONS[name],
          schedule.interval_seconds * 1000,
          schedule.timeout_seconds * 1000,
          schedule.enabled,
        ),
      )
    }
  }

  /** Applies saved counters, last runs and enabled flags; call before `start`. */
  restore(records: Readonly<Partial<Record<TaskName, TaskRecord>>>): void {
    for (const [name, record] of Object.entries(records) as [TaskName, TaskRecord][]) {
      const slot = this.slots.get(name)
      if (slot === undefined) continue
      slot.isEnabled = record.isEnabled
      slot.lastRunAt = record.lastRunAt
      slot.lastDurationMs = record.lastDurationMs
      slot.runs = record.runs
      slot.failures = record.failures
      slot.skipped = record.skipped
      slot.timeouts = record.timeouts
      slot.lastError = record.lastError
      slot.lastSkip = record.lastSkip
    }
  }

  /**
   * Arms every enabled task: a task never run (or overdue since its saved last run) runs
   * now, once; otherwise at its last run plus its interval.
   */
  start(): void {
    if (this.isStarted) return
    this.isStarted = true
    for (const slot of this.slots.values()) this.armFromLastRun(slot)
  }

  /** Disarms every task; runs already going are left to `waitForRuns`. */
  stop(): void {
    this.isStarted = false
    for (const slot of this.slots.values()) this.disarm(slot)
  }

  /**
   * Resolves when every symbol run has ended, or when `boundMs` of clock time has passed;
   * runs still going then are aborted. Returns how many were aborted.
   */
  async waitForRuns(boundMs: number): Promise<number> {
    const running = [...this.slots.values()].flatMap((slot) => [...slot.inFlight.values()])
    if (running.length === 0) return 0
    let timer: TimerHandle | null = null
    const bound = new Promise<void>((resolve) => {
      timer = this.options.clock.setTimeout(resolve, boundMs)
    })
    await Promise.race([Promise.all(running.map((run) => run.done)), bound])
    if (timer !== null) this.options.clock.clearTimer(timer)
    let aborted = 0
    for (const slot of this.slots.values()) {
      for (const run of slot.inFlight.values()) {
        run.controller.abort(new Error('coordinator stopped'))
        aborted++
      }
    }
    return aborted
  }

  /** Resolves when no symbol run is going (tests and `stop` use it). */
  async whenIdle(): Promise<void> {
    for (;;) {
      const running = [...this.slots.values()].flatMap((slot) => [...slot.inFlight.values()])
      if (running.length === 0) return
      await Promise.all(running.map((run) => run.done))
    }
  }

  /** Runs a task now, for every symbol not already running it; its schedule is unchanged. */
  runNow(name: TaskName): Promise<void> {
    return this.tick(this.slot(name), true)
  }

  /** Enables or disables a task; an enabled task is armed as at start. Returns true when it changed. */
  setEnabled(name: TaskName, isEnabled: boolean): boolean {
    const slot = this.slot(name)
    if (slot.isEnabled === isEnabled) return false
    slot.isEnabled = isEnabled
    if (isEnabled) this.armFromLastRun(slot)
    else this.disarm(slot)
    this.options.onChange(name)
    return true
  }

  /** Returns one task's status DTO. */
  status(name: TaskName): TaskStatus {
    const slot = this.slot(name)
    return {
      name,
      agent: slot.definition.agent,
      intervalSeconds: slot.intervalMs / 1000,
      isEnabled: slot.isEnabled,
      isRunning: slot.inFlight.size > 0,
      lastRunAt: slot.lastRunAt,
      nextRunAt: slot.nextRunAt,
      lastDurationMs: slot.lastDurationMs,
      runs: slot.runs,
      failures: slot.failures,
      skipped: slot.skipped,
      timeouts: slot.timeouts,
      lastError: slot.lastError,
      lastSkip: slot.lastSkip,
    }
  }

  /** Returns every task's status, in configuration order. */
  statuses(): TaskStatus[] {
    return TASK_NAMES.map((name) => this.status(name))
  }

  /** Returns every task's counters for saving. */
  records(): Record<TaskName, TaskRecord> {
    const records = {} as Record<TaskName, TaskRecord>
    for (const [name, slot] of this.slots) {
      records[name] = {
        isEnabled: slot.isEnabled,
        lastRunAt: slot.lastRunAt,
        lastDurationMs: slot.lastDurationMs,
        runs: slot.runs,
        failures: slot.failures,
        skipped: slot.skipped,
        timeouts: slot.timeouts,
        lastError: slot.lastError,
        lastSkip: slot.lastSkip,
      }
    }
    return records
  }

  // --- arming -------------------------------------------------------------------------

  private armFromLastRun(slot: TaskSlot): void {
    const now = this.options.clock.now()
    const sinceLast = slot.lastRunAt === null ? now : slot.lastRunAt + slot.intervalMs
    // A last run "in the future" (the clock was set back) waits one interval at most.
    const dueAt = Math.min(now + slot.intervalMs, Math.max(now, sinceLast))
    this.arm(slot, dueAt)
  }

  private arm(slot: TaskSlot, dueAt: number): void {
    this.disarm(slot)
    if (!this.isStarted || !slot.isEnabled) return
    const clock = this.options.clock
    slot.nextRunAt = dueAt
    slot.timer = clock.setTimeout(() => this.fire(slot), Math.max(0, dueAt - clock.now()))
  }

  private disarm(slot: TaskSlot): void {
    if (slot.timer !== null) this.options.clock.clearTimer(slot.timer)
    slot.timer = null
    slot.nextRunAt = null
  }

  private fire(slot: TaskSlot): void {
    const now = this.options.clock.now()
    const planned = (slot.nextRunAt ?? now) + slot.intervalMs
    // Fixed rate; a tick that came late is not made up for, the next one is an interval away.
    slot.timer = null
    this.arm(slot, planned > now ? planned : now + slot.intervalMs)
    void this.tick(slot, false)
  }

  // --- running ------------------------------------------------------------------------

  private async tick(slot: TaskSlot, isManual: boolean): Promise<void> {
    const { clock, logger } = this.options
    if (!isManual) {
      const reason = this.options.holdReason(slot.definition)
      if (reason !== null) {
        logger.debug({ task: slot.definition.name, reason }, 'task tick held')
        this.options.onTickHeld(slot.definition, reason)
        return
      }
    }
    const startedAt = clock.now()
    slot.runs++
    slot.lastRunAt = startedAt
    const symbols =
      slot.definition.fixedSymbol === null ? this.options.symbols : [slot.definition.fixedSymbol]
    const runs = symbols.map((symbol) => this.runSymbol(slot, symbol))
    // Reported once the runs are going, so the change shows the task running.
    this.options.onChange(slot.definition.name)
    await Promise.all(runs)
    slot.lastDurationMs = clock.now() - startedAt
    this.options.onChange(slot.definition.name)
  }

  private runSymbol(slot: TaskSlot, symbol: string): Promise<void> {
    const { clock, logger } = this.options
    const task = slot.definition.name
    if (slot.inFlight.has(symbol)) {
      logger.warn({ task, symbol }, 'task run skipped: the previous run is still going')
      const reason = `PREVIOUS_RUN_RUNNING: task=${task} symbol=${symbol}`
      this.countSkipped(slot, symbol, 'PREVIOUS_RUN_RUNNING', reason)
      return Promise.resolve()
    }
    // Only a skip from before this run started is answered by its end; a later skip of
    // this symbol happened because this run was still going.
    const skipBeforeStart = slot.lastSkip
    const controller = new AbortController()
    const correlationId = this.options.newId()
    const startedAt = clock.now()
    let isSettled = false
    let resolveDone: () => void = () => {}
    const done = new Promise<void>((resolve) => {
      resolveDone = resolve
    })
    slot.inFlight.set(symbol, { controller, done })

    /** Frees the symbol for the next tick and cancels the timeout. */
    const release = (): void => {
      isSettled = true
      clock.clearTimer(timer)
      slot.inFlight.delete(symbol)
    }

    const settle = (outcome: RunOutcome, error: string | null): void => {
      release()
      if (outcome === 'failed') slot.failures++
      if (outcome === 'timed_out') slot.timeouts++
      if (error !== null) slot.lastError = error
      if (skipBeforeStart?.symbol === symbol && slot.lastSkip === skipBeforeStart) {
        slot.lastSkip = null
      }
      this.options.onRunSettled({
        task,
        agent: slot.definition.agent,
        symbol,
        outcome,
        correlationId,
        durationMs: clock.now() - startedAt,
        error,
      })
      resolveDone()
    }

    const skip = (skipped: RunSkipped): void => {
      release()
      logger.debug({ task, symbol, correlationId, reason: skipped.reason }, 'task run skipped')
      this.countSkipped(slot, symbol, skipped.code, skipped.reason)
      resolveDone()
    }

    const timer = clock.setTimeout(() => {
      if (isSettled) return
      const error = `timeout: task=${task} symbol=${symbol} timeout_ms=${slot.timeoutMs}`
      logger.warn({ task, symbol, correlationId, timeoutMs: slot.timeoutMs }, 'task run timed out')
      controller.abort(new Error(error))
      settle('timed_out', error)
    }, slot.timeoutMs)

    let call: Promise<RunSkipped | void>
    try {
      call = Promise.resolve(
        this.options.runners[task](symbol, {
          correlationId,
          signal: controller.signal,
          degradationLevel: this.options.degradationLevel(),
          timeoutMs: slot.timeoutMs,
        }),
      )
    } catch (error) {
      call = Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    call.then(
      (result) => {
        if (isSettled) return
        if (isRunSkipped(result)) skip(result)
        else settle('succeeded', null)
      },
      (error: unknown) => {
        const message = `${errorText(error)}: task=${task} symbol=${symbol}`
        if (isSettled) {
          logger.warn(
            { task, symbol, correlationId, err: error },
            'task run failed after its timeout',
          )
          return
        }
        logger.warn({ task, symbol, correlationId, err: error }, 'task run failed')
        settle('failed', message)
      },
    )
    return done
  }

  private countSkipped(slot: TaskSlot, symbol: string, code: TaskSkipCode, reason: string): void {
    slot.skipped++
    slot.lastSkip = { at: this.options.clock.now(), symbol, code, reason }
    this.options.onRunSkipped(slot.definition, symbol, reason)
    this.options.onChange(slot.definition.name)
  }

  private slot(name: TaskName): TaskSlot {
    return this.slots.get(name) as TaskSlot
  }
}

/** Returns an error's message, or the value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
