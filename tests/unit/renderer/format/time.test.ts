import { describe, expect, it } from 'vitest'
import {
  formatDate,
  formatDateTime,
  formatDateTimeAfter,
  formatDue,
  formatDuration,
  formatInterval,
  formatRelative,
  formatShortTime,
} from '../../../../src-renderer/src/format/time'

describe('time formatting', () => {
  it('shows local dates and times in one order everywhere', () => {
    const local = new Date(2021, 4, 9, 7, 5, 3).getTime()
    expect(formatDate(local)).toBe('2021-05-09')
    expect(formatShortTime(local)).toBe('07:05')
    expect(formatDateTime(local)).toBe('2021-05-09 07:05:03')
    expect(formatDate(null)).toBe('—')
    expect(formatShortTime(undefined)).toBe('—')
  })

  it('shows a later time of the same day as the clock time alone', () => {
    const created = new Date(2021, 4, 9, 7, 5, 3).getTime()
    expect(formatDateTimeAfter(new Date(2021, 4, 9, 23, 59, 0).getTime(), created)).toBe('23:59:00')
    expect(formatDateTimeAfter(new Date(2021, 4, 10, 0, 1, 0).getTime(), created)).toBe(
      '2021-05-10 00:01:00',
    )
    expect(formatDateTimeAfter(created, null)).toBe('2021-05-09 07:05:03')
    expect(formatDateTimeAfter(null, created)).toBe('—')
  })

  it.each([
    [850, '850 ms'],
    [12_400, '12.4 s'],
    [185_000, '3m 05s'],
    [7_800_000, '2h 10m'],
    [90_000_000, '1d 01h'],
    [null, '—'],
  ])('formatDuration(%s) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it.each([
    [30, '30s'],
    [300, '5m'],
    [3600, '1h'],
    [86_400, '1d'],
    [5400, '90m'],
  ])('formatInterval(%i) = %s', (seconds, text) => {
    expect(formatInterval(seconds)).toBe(text)
  })

  it.each([
    [1_000_500, 1_000_000, 'now'],
    [1_030_000, 1_000_000, 'in 30s'],
    [970_000, 1_000_000, '30s ago'],
    [1_000_000 + 125_000, 1_000_000, 'in 2m 05s'],
  ])('formatRelative(%i, %i) = %s', (ms, now, text) => {
    expect(formatRelative(ms, now)).toBe(text)
  })

  it('measures against the engine time given, a dash while it is unknown', () => {
    const replayNow = Date.UTC(2021, 4, 10, 12, 0, 0)
    expect(formatRelative(replayNow - 300_000, replayNow)).toBe('5m 00s ago')
    expect(formatRelative(replayNow - 300_000, null)).toBe('—')
  })

  it.each([
    [1_030_000, 1_000_000, 'in 30s'],
    [1_000_000, 1_000_000, 'due'],
    [760_000, 1_000_000, 'due'],
    [null, 1_000_000, '—'],
    [760_000, null, '—'],
  ])('formatDue(%s, %s) = %s', (ms, now, text) => {
    expect(formatDue(ms, now)).toBe(text)
  })
})
