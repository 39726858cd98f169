import { assertNever } from './assert-never'

/*
 * Round times for a time axis (every 15 minutes, every 6 hours, every day, every month…), on
 * the local calendar (the UI, which shows local times) or the UTC one (the replay report).
 */

/** The calendar whose clock times and dates the ticks are round in. */
export type Calendar = 'local' | 'utc'

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

/** Dates on one calendar: a time's day, and the time of a day's midnight plus some minutes. */
interface CalendarDates {
  dayOf(ms: number): { year: number; month: number; day: number }
  /** Out-of-range days and months roll over (day 32 of May is 1 June), as in `Date`. */
  timeOf(year: number, month: number, day: number, minutes?: number): number
}

const CALENDARS: Record<Calendar, CalendarDates> = {
  local: {
    dayOf: (ms) => {
      const date = new Date(ms)
      return { year: date.getFullYear(), month: date.getMonth(), day: date.getDate() }
    },
    timeOf: (year, month, day, minutes = 0) => new Date(year, month, day, 0, minutes).getTime(),
  },
  utc: {
    dayOf: (ms) => {
      const date = new Date(ms)
      return { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() }
    },
    timeOf: (year, month, day, minutes = 0) => Date.UTC(year, month, day, 0, minutes),
  },
}

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
 * Returns the round times of `calendar` within [from, to], at most about `count` of them, and
 * their step: the shortest step that gives no more than `count`; at least a day from
 * {@link DATE_ONLY_SPAN_MS} on, so longer spans are labelled by date.
 */
export function timeTicks(
  from: number,
  to: number,
  count: number,
  calendar: Calendar,
): { ticks: number[]; step: TimeStep } {
  const span = Math.max(0, to - from)
  const shortest = span >= DATE_ONLY_SPAN_MS ? DAY_MS : 0
  const step = STEPS.find(
    (each) => stepLength(each) >= shortest && span / stepLength(each) <= count,
  ) ?? { unit: 'month', months: 12 * Math.ceil(span / (count * 365 * DAY_MS)) }
  return { ticks: ticksOf(from, to, step, CALENDARS[calendar]), step }
}

function ticksOf(from: number, to: number, step: TimeStep, dates: CalendarDates): number[] {
  const ticks: number[] = []
  const { year, month, day } = dates.dayOf(from)
  const midnight = (dayIndex: number, minutes = 0) =>
    dates.timeOf(year, month, day + dayIndex, minutes)
  switch (step.unit) {
    case 'minute': {
      // Minutes from each midnight, so local ticks stay on round clock times across DST.
      for (let dayIndex = 0; midnight(dayIndex) <= to; dayIndex += 1) {
        for (let minutes = 0; minutes < MINUTES_PER_DAY; minutes += step.minutes) {
          const at = midnight(dayIndex, minutes)
          if (at >= from && at <= to) ticks.push(at)
        }
      }
      return ticks
    }
    case 'day': {
      // Counted from a Monday, so weekly ticks fall on Mondays.
      const dayZero = dates.timeOf(2000, 0, 3)
      for (let dayIndex = 0; midnight(dayIndex) <= to; dayIndex += 1) {
        const at = midnight(dayIndex)
        // Rounded: a DST day is an hour short or long.
        const dayNumber = Math.round((at - dayZero) / DAY_MS)
        if (at >= from && dayNumber % step.days === 0) ticks.push(at)
      }
      return ticks
    }
    case 'month': {
      for (let monthIndex = 0; dates.timeOf(year, month + monthIndex, 1) <= to; monthIndex += 1) {
        const at = dates.timeOf(year, month + monthIndex, 1)
        if (at >= from && (year * 12 + month + monthIndex) % step.months === 0) ticks.push(at)
      }
      return ticks
    }
    default:
      return assertNever(step)
  }
}
