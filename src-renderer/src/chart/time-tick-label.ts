import { assertNever } from '../../../src-shared/assert-never'
import type { TimeStep } from '../../../src-shared/time-ticks'
import { formatDate, formatShortTime } from '../format/time'

/**
 * Returns a tick's label for its step: "05-10 14:00" a few hours apart, "05-10" days apart,
 * "2021-05" months apart (the parts of the UI's "2021-05-10 14:00:00").
 */
export function formatTimeTick(ms: number, step: TimeStep): string {
  const date = formatDate(ms)
  switch (step.unit) {
    case 'minute':
      return `${date.slice(5)} ${formatShortTime(ms)}`
    case 'day':
      return date.slice(5)
    case 'month':
      return date.slice(0, 7)
    default:
      return assertNever(step)
  }
}
