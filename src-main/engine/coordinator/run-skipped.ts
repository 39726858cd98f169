/**
 * What a task runner returns when its run had nothing to work on yet, such as no market
 * data for the symbol before the feed's first candle: a skipped run, not a failure of the
 * agent, so it neither counts toward degradation nor raises `task_failed`.
 */
export interface RunSkipped {
  readonly isSkipped: true
  /** Why, as `CODE: key=value …`. */
  readonly reason: string
}

/** Returns a skipped run with its reason. */
export function runSkipped(reason: string): RunSkipped {
  return { isSkipped: true, reason }
}

/** Returns true when a runner's result says the run was skipped. */
export function isRunSkipped(result: unknown): result is RunSkipped {
  return (
    typeof result === 'object' &&
    result !== null &&
    (result as Partial<RunSkipped>).isSkipped === true &&
    typeof (result as Partial<RunSkipped>).reason === 'string'
  )
}
