import { DASH } from './numbers'

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** Returns the local clock time "14:05:09". */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH
  const date = new Date(ms)
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

/** Returns the local clock time to the minute "14:05" (chart axes). */
export function formatShortTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH
  const date = new Date(ms)
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Returns the local date "2025-01-31". */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH
  const date = new Date(ms)
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Returns the local date and time "2025-01-31 14:05:09". */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH
  return `${formatDate(ms)} ${formatTime(ms)}`
}

/**
 * Returns a time that follows `earlier` (an order's last change after its creation): the
 * clock time alone on the same local day, "14:31:18", else the date and time. The date
 * beside it already says which day it is, and a table column is saved the repeat.
 */
export function formatDateTimeAfter(
  ms: number | null | undefined,
  earlier: number | null | undefined,
): string {
  if (ms === null || ms === undefined) return DASH
  const isSameDay =
    earlier !== null && earlier !== undefined && formatDate(ms) === formatDate(earlier)
  return isSameDay ? formatTime(ms) : formatDateTime(ms)
}

/** Returns a short duration: "850 ms", "12.4 s", "3m 05s", "2h 10m". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH
  const abs = Math.abs(ms)
  if (abs < 1000) return `${Math.round(abs)} ms`
  if (abs < 60_000) return `${(abs / 1000).toFixed(1)} s`
  const totalSeconds = Math.round(abs / 1000)
  if (abs < 3_600_000) return `${Math.floor(totalSeconds / 60)}m ${pad(totalSeconds % 60)}s`
  const totalMinutes = Math.floor(totalSeconds / 60)
  if (abs < 86_400_000) return `${Math.floor(totalMinutes / 60)}h ${pad(totalMinutes % 60)}m`
  return `${Math.floor(totalMinutes / 1440)}d ${pad(Math.floor(totalMinutes / 60) % 24)}h`
}

/** Returns a schedule interval in seconds as "30s", "5m", "1h", "1d", "90m". */
export function formatInterval(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`
  if (seconds % 3600 === 0) return `${seconds / 3600}h`
  if (seconds % 60 === 0) return `${seconds / 60}m`
  return `${seconds}s`
}

/**
 * Returns "in 2m 05s" or "3m 05s ago" relative to `now`, the engine's time (a replay's
 * times are years behind this machine's clock); a dash while it is unknown.
 */
export function formatRelative(ms: number | null | undefined, now: number | null): string {
  if (ms === null || ms === undefined || now === null) return DASH
  const delta = ms - now
  if (Math.abs(delta) < 1000) return 'now'
  const span =
    Math.abs(delta) < 60_000 ? `${Math.round(Math.abs(delta) / 1000)}s` : formatDuration(delta)
  return delta > 0 ? `in ${span}` : `${span} ago`
}

/**
 * A time something is scheduled for: "in 2m 05s", or "due" once it has passed. The task list
 * is refreshed every few seconds while the engine's time moves on (a replay by minutes a
 * second), so a next run in the past means it is about to happen, not that it happened.
 */
export function formatDue(ms: number | null | undefined, now: number | null): string {
  if (ms !== null && ms !== undefined && now !== null && ms <= now) return 'due'
  return formatRelative(ms, now)
}
