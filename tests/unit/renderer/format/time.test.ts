import { describe, expect, it } from 'vitest'
import {
  formatDue,
  formatDuration,
  formatInterval,
  formatRelative,
} from '../../../../src-renderer/src/format/time'

describe('time formatting', () => {
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
