import type { Clock } from '../clock'
import type { Logger } from '../logging/logger'
import {
  assessDegradation,
  assessRecovery,
  severityOf,
  type DegradationAssessment,
  type DegradationLevel,
  type DegradationThresholds,
  type HealthReading,
  type LlmProviderReading,
} from './degradation-level'
import type { HealthSource } from './ports'

/** One change of degradation level, with its reason (the contract's `degradationHistory` entry). */
export interface DegradationChange {
  readonly at: number
  readonly from: DegradationLevel
  readonly to: DegradationLevel
  readonly reason: string
}

/** What the monitor is built from. */
export interface DegradationMonitorOptions {
  readonly clock: Clock
  readonly logger: Logger
  readonly thresholds: DegradationThresholds
  /** Better assessments in a row needed before the level improves. */
  readonly successesBeforeRecovery: number
  readonly healthSource?: HealthSource | null
  /** Agents whose tasks do not run at a level; their failure counts are stale there. */
  readonly agentsSkippedAt: (level: DegradationLevel) => ReadonlySet<string>
  /** How many changes the history keeps. */
  readonly historyLimit?: number
}

/**
 * Tracks agent and LLM health and moves the degradation level (seed 001 v1.1, v1.4):
 * worse at once, better only after `successesBeforeRecovery` better assessments in a
 * row, so a flapping provider does not flap the level, and only as far as the providers
 * known show ({@link assessRecovery}). Counts consecutive failures of each agent from the
 * coordinator's own task runs, and takes the larger of that and the health source's count.
 */
export class DegradationMonitor {
  private current: DegradationLevel = 'NORMAL'
  private changes: DegradationChange[] = []
  /** Consecutive failures of each agent on each symbol: a symbol it fails on every time counts. */
  private readonly failures = new Map<string, Map<string, number>>()
  private betterStreak = 0
  /** The health source's last counts, and offsets that give probed agents a fresh start. */
  private reported: Record<string, number> = {}
  private readonly reportedOffsets = new Map<string, number>()

  constructor(private readonly options: DegradationMonitorOptions) {}

  /** The current level. */
  get level(): DegradationLevel {
    return this.current
  }

  /** Changes so far, oldest first (bounded). */
  get history(): readonly DegradationChange[] {
    return this.changes
  }

  /** Applies a saved level and history; call before the first assessment. */
  restore(level: DegradationLevel, history: readonly DegradationChange[]): void {
    this.current = level
    this.changes = history.slice(-this.historyLimit())
  }

  /**
   * Records the end of one agent run on a symbol: a success resets the agent's count on that
   * symbol, a failure adds one. Counted per symbol, so an agent that fails on one symbol every
   * time is not reset by its successes on another.
   */
  recordRun(agent: string, symbol: string, hasSucceeded: boolean): void {
    let bySymbol = this.failures.get(agent)
    if (!bySymbol) {
      bySymbol = new Map()
      this.failures.set(agent, bySymbol)
    }
    bySymbol.set(symbol, hasSucceeded ? 0 : (bySymbol.get(symbol) ?? 0) + 1)
  }

  /** Returns the consecutive failures of each agent the coordinator ran, on its worst symbol. */
  agentFailures(): Record<string, number> {
    return Object.fromEntries(
      [...this.failures].map(([agent, bySymbol]) => [agent, Math.max(0, ...bySymbol.values())]),
    )
  }

  /**
   * Assesses health now and returns the change it causes, or null. A health source that
   * throws leaves the level as it is.
   */
  evaluate(): DegradationChange | null {
    const { clock, logger, healthSource } = this.options
    let providers: readonly LlmProviderReading[] = []
    const merged = new Map(Object.entries(this.agentFailures()))
    try {
      providers = healthSource?.llmProviders() ?? []
      this.reported = { ...(healthSource?.agentFailures?.() ?? {}) }
      for (const [agent, count] of Object.entries(this.reported)) {
        merged.set(agent, Math.max(this.offsetCount(agent, count), merged.get(agent) ?? 0))
      }
    } catch (error) {
      logger.warn({ err: error }, 'health source failed; degradation level unchanged')
      return null
    }
    const skipped = this.options.agentsSkippedAt(this.current)
    for (const agent of skipped) merged.delete(agent)
    const assessment = this.assess({
      agentFailures: Object.fromEntries(merged),
      llmProviders: providers,
    })
    const severity = severityOf(assessment.level)
    const currentSeverity = severityOf(this.current)
    if (severity === currentSeverity) {
      this.betterStreak = 0
      return null
    }
    if (severity < currentSeverity) {
      this.betterStreak++
      if (this.betterStreak < this.options.successesBeforeRecovery) return null
    }
    this.betterStreak = 0
    const change: DegradationChange = {
      at: clock.now(),
      from: this.current,
      to: assessment.level,
      reason: assessment.reason,
    }
    if (severity < currentSeverity) this.giveSkippedAgentsAChance(assessment.level)
    this.current = assessment.level
    this.changes.push(change)
    if (this.changes.length > this.historyLimit()) this.changes.shift()
    logger.warn(change, 'degradation level changed')
    return change
  }

  /**
   * Returns the level a reading calls for: a worse one on its own, a better one only as far as
   * {@link assessRecovery} shows (else the current level, which ends a better streak).
   */
  private assess(reading: HealthReading): DegradationAssessment {
    const { thresholds } = this.options
    const assessment = assessDegradation(reading, thresholds)
    const currentSeverity = severityOf(this.current)
    if (severityOf(assessment.level) >= currentSeverity) return assessment
    const recovery = assessRecovery(reading, thresholds)
    if (recovery && severityOf(recovery.level) < currentSeverity) return recovery
    return { level: this.current, reason: assessment.reason }
  }

  /**
   * Agents that did not run at the old level but run at the new one start one failure
   * short of unhealthy: their next run is a probe, and one more failure sends the level back.
   */
  private giveSkippedAgentsAChance(to: DegradationLevel): void {
    const before = this.options.agentsSkippedAt(this.current)
    const after = this.options.agentsSkippedAt(to)
    const limit = this.options.thresholds.failuresBeforeUnhealthy - 1
    for (const agent of before) {
      if (after.has(agent)) continue
      const bySymbol = this.failures.get(agent)
      for (const [symbol, count] of bySymbol ?? []) {
        if (count > limit) bySymbol?.set(symbol, limit)
      }
      const reported = this.reported[agent]
      if (reported !== undefined && reported > limit) {
        this.reportedOffsets.set(agent, reported - limit)
      }
    }
  }

  /** A reported count less the offset set at the last recovery; a count that fell below it was reset. */
  private offsetCount(agent: string, count: number): number {
    const offset = this.reportedOffsets.get(agent)
    if (offset === undefined) return count
    if (count < offset) {
      this.reportedOffsets.delete(agent)
      return count
    }
    return count - offset
  }

  private historyLimit(): number {
    return this.options.historyLimit ?? 50
  }
}
