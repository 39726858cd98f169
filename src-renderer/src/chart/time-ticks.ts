import { assertNever } from '../../../src-shared/assert-never'
import { formatDate, formatShortTime } from '../format/time'

/*
 * Round local times for a time axis (every 15 minutes, every 6 hours, every day, every
 * month…), in local time like every time the UI shows.
 */

const MINUTE_MS = 60_000
const DAY_MS = 1440 * MINUTE_MS
const MINUTES_PER_DAY = 1440

/** How far apart ticks are: minutes within a day, whole days, or whole months. */
export type TimeStep =
  | { unit: 'minute'; minutes: number }
  | { unit: 'day'; days: number }
  | { unit: 'month'; months: number }

/** Spans at least this long have ticks a day or more apart, labelled by date alone. */
export const DATE_ONLY_SPAN_MS = 2 * DAY_MS

/** The steps to choose from, shortest first; minute steps divide a day evenly. */
const STEPS: readonly TimeStep[] = [
  ...[1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720].map(
    (minutes) => ({ unit: 'minute', minutes }) as const,
  ),
  ...[1, 2, 7, 14].map((days) => ({ unit: 'day', days }) as const),
  ...[1, 2, 3, 6, 12].map((months) => ({ unit: 'month', months }) as const),
]

/** A Monday at local midnight: day steps count from it, so weekly ticks fall on Mondays. */
const DAY_ZERO = new Date(2000, 0, 3).getTime()

/** Returns a step's length, months counted as 30 days (only to compare steps). */
export function stepLength(step: TimeStep): number {
  switch (step.unit) {
    case 'minute':
      return step.minutes * MINUTE_MS
    case 'day':
      return step.days * DAY_MS
    case 'month':
      return step.months * 30 * DAY_MS
    default:
      return assertNever(step)
  }
}

/**
 * Returns the round local times within [from, to], at most about `count` of them, and their
 * step: the shortest step that gives no more than `count`; at least a day from
 * {@link DATE_ONLY_SPAN_MS} on, so longer spans are labelled by date.
 */
export function timeTicks(
  from: number,
  to: number,
  count: number,
): { ticks: number[]; step: TimeStep } {
  const span = Math.max(0, to - from)
  const shortest = span >= DATE_ONLY_SPAN_MS ? DAY_MS : 0
  const step = STEPS.find(
    (each) => stepLength(each) >= shortest && span / stepLength(each) <= count,
  ) ?? { unit: 'month', months: 12 * Math.ceil(span / (count * 365 * DAY_MS)) }
  return { ticks: ticksOf(from, to, step), step }
}

function ticksOf(from: number, to: number, step: TimeStep): number[] {
  const ticks: number[] = []
  const start = new Date(from)
  switch (step.unit) {
    case 'minute': {
      // Minutes from each local midnight, so ticks stay on round clock times across DST.
      const day = new Date(start.getFullYear(), start.getMonth(), start.getDate())
      for (; day.getTime() <= to; day.setDate(day.getDate() + 1)) {
        for (let minutes = 0; minutes < MINUTES_PER_DAY; minutes += step.minutes) {
          const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 0, minutes)
          if (at.getTime() >= from && at.getTime() <= to) ticks.push(at.getTime())
        }
      }
      return ticks
    }
    case 'day': {
      const day = new Date(start.getFullYear(), start.getMonth(), start.getDate())
      for (; day.getTime() <= to; day.setDate(day.getDate() + 1)) {
        // Rounded: a DST day is an hour short or long.
        const dayNumber = Math.round((day.getTime() - DAY_ZERO) / DAY_MS)
        if (day.getTime() >= from && dayNumber % step.days === 0) ticks.push(day.getTime())
      }
      return ticks
    }
    case 'month': {
      const month = new Date(start.getFullYear(), start.getMonth(), 1)
      for (; month.getTime() <= to; month.setMonth(month.getMonth() + 1)) {
        const monthNumber = month.getFullYear() * 12 + month.getMonth()
        if (month.getTime() >= from && monthNumber % step.months === 0) {
          ticks.push(month.getTime())
        }
      }
      return ticks
    }
    default:
      return assertNever(step)
  }
}

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
