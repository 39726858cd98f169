import { TASK_SKIP_CODES, type TaskSkipCode } from '../../../src-shared/contract/coordinator'

/**
 * What a task runner returns when its run had nothing to work on yet, such as no market
 * data for the symbol before the feed's first candle: a skipped run, not a failure of the
 * agent, so it neither counts toward degradation nor raises `task_failed`.
 */
export interface RunSkipped {
  readonly isSkipped: true
  /** Why, as a stable code the task status reports. */
  readonly code: TaskSkipCode
  /** Why, as `CODE: key=value …`. */
  readonly reason: string
}

/** Returns a skipped run with its code and reason. */
export function runSkipped(code: TaskSkipCode, reason: string): RunSkipped {
  return { isSkipped: true, code, reason }
}

/** Returns true when a runner's result says the run was skipped. */
export function isRunSkipped(result: unknown): result is RunSkipped {
  if (typeof result !== 'object' || result === null) return false
  const candidate = result as Partial<RunSkipped>
  return (
    candidate.isSkipped === true &&
    typeof candidate.reason === 'string' &&
    (TASK_SKIP_CODES as readonly unknown[]).includes(candidate.code)
  )
}
