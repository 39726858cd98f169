import { assertNever } from '../../../src-shared/assert-never'
import { TASK_NAMES } from '../config/schemas/orchestration'
import type { DegradationLevel } from './degradation-level'

/** The name of a scheduled task, as in config/orchestration.yaml. */
export type TaskName = (typeof TASK_NAMES)[number]

export { TASK_NAMES }

/**
 * How much a task matters when the system degrades: `essential` always runs (rules-only in
 * EMERGENCY), `optional` stops at LIMITED, `non_critical` stops at REDUCED (seed 001 v1.1).
 */
export type TaskTier = 'essential' | 'optional' | 'non_critical'

/** What the coordinator knows about each task besides its schedule. */
export interface TaskDefinition {
  readonly name: TaskName
  /** The agent the task runs; degradation counts failures per agent. */
  readonly agent: string
  readonly tier: TaskTier
  /** Trading tasks stop while HALTED; analysis tasks keep running. */
  readonly isTrading: boolean
  /** Runs once per tick for this pseudo-symbol instead of once per configured symbol. */
  readonly fixedSymbol: string | null
}

/** The symbol the portfolio task runs for. */
export const PORTFOLIO_SYMBOL = 'PORTFOLIO'

/** The five scheduled tasks (seed 003 section 3.2). */
export const TASK_DEFINITIONS: Readonly<Record<TaskName, TaskDefinition>> = {
  technical_analysis: {
    name: 'technical_analysis',
    agent: 'technical_analysis',
    tier: 'essential',
    isTrading: false,
    fixedSymbol: null,
  },
  regime_detection: {
    name: 'regime_detection',
    agent: 'regime_detection',
    tier: 'essential',
    isTrading: false,
    fixedSymbol: null,
  },
  sentiment_analysis: {
    name: 'sentiment_analysis',
    agent: 'sentiment',
    tier: 'non_critical',
    isTrading: false,
    fixedSymbol: null,
  },
  trading_decision: {
    name: 'trading_decision',
    agent: 'trading_decision',
    tier: 'essential',
    isTrading: true,
    fixedSymbol: null,
  },
  // Essential: the trades are computed by rules and the strategy falls back to the default
  // without a model, so the portfolio keeps its target even with every LLM down.
  portfolio_rebalance: {
    name: 'portfolio_rebalance',
    agent: 'portfolio_rebalance',
    tier: 'essential',
    isTrading: true,
    fixedSymbol: PORTFOLIO_SYMBOL,
  },
}

/** Returns true when `value` names a scheduled task. */
export function isTaskName(value: string): value is TaskName {
  return (TASK_NAMES as readonly string[]).includes(value)
}

/** Returns true when a task of this tier is skipped at this degradation level. */
export function isSkippedAtLevel(tier: TaskTier, level: DegradationLevel): boolean {
  switch (tier) {
    case 'essential':
      return false
    case 'optional':
      return level === 'LIMITED' || level === 'EMERGENCY'
    case 'non_critical':
      return level !== 'NORMAL'
    default:
      return assertNever(tier)
  }
}
