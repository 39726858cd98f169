/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000

/** Milliseconds in a week. */
export const WEEK_MS = 7 * DAY_MS

/** Returns the start (00:00 UTC) of the day containing `ms`. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS
}

/** Returns the start (Monday 00:00 UTC) of the ISO week containing `ms`. */
export function startOfUtcWeek(ms: number): number {
  const day = Math.floor(ms / DAY_MS)
  // Day 0 (1970-01-01) was a Thursday, three days after a Monday.
  const daysSinceMonday = (((day + 3) % 7) + 7) % 7
  return (day - daysSinceMonday) * DAY_MS
}

/** Returns the ISO-8601 UTC form of a Unix-millisecond instant, for messages. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}
