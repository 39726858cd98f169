import type { TaskSkip } from '../../../src-shared/contract'
import { assertNever } from '../../../src-shared/assert-never'
import { formatRelative } from './time'

/** Returns why a task run was skipped, in a few words to fit under its count: "no market data yet". */
export function describeTaskSkip(skip: TaskSkip): string {
  switch (skip.code) {
    case 'NO_DATA':
      return 'no market data yet'
    case 'STALE_DATA':
      return 'market data stale'
    case 'PREVIOUS_RUN_RUNNING':
      return 'previous run ongoing'
    default:
      return assertNever(skip.code)
  }
}

/** Returns the hover text of a skip: when, why, for which symbol, and the engine's reason. */
export function taskSkipDetail(skip: TaskSkip, now: number | null): string {
  return `Last skipped ${formatRelative(skip.at, now)}: ${describeTaskSkip(skip)}: ${skip.symbol}\n${skip.reason}`
}
