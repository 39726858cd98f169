import { describe, expect, it } from 'vitest'
import {
  DAY_MS,
  isoTime,
  startOfUtcDay,
  startOfUtcWeek,
} from '../../../src-main/engine/risk/utc-periods'

describe('UTC periods', () => {
  it.each([
    ['2025-01-06T12:34:56.789Z', '2025-01-06T00:00:00.000Z'],
    ['2025-01-06T00:00:00.000Z', '2025-01-06T00:00:00.000Z'],
    ['2024-12-31T23:59:59.999Z', '2024-12-31T00:00:00.000Z'],
  ])('the day of %s starts at %s', (instant, start) => {
    expect(isoTime(startOfUtcDay(Date.parse(instant)))).toBe(start)
  })

  it.each([
    ['2025-01-06T00:00:00.000Z', '2025-01-06T00:00:00.000Z'], // Monday
    ['2025-01-08T15:00:00.000Z', '2025-01-06T00:00:00.000Z'], // Wednesday
    ['2025-01-12T23:59:59.999Z', '2025-01-06T00:00:00.000Z'], // Sunday
    ['2025-01-01T10:00:00.000Z', '2024-12-30T00:00:00.000Z'], // across the year
    ['1970-01-01T00:00:00.000Z', '1969-12-29T00:00:00.000Z'], // day 0 was a Thursday
    ['1969-12-28T12:00:00.000Z', '1969-12-22T00:00:00.000Z'], // before the epoch
  ])('the week of %s starts on Monday %s', (instant, start) => {
    expect(isoTime(startOfUtcWeek(Date.parse(instant)))).toBe(start)
  })

  it('has 86,400,000 ms in a day', () => {
    expect(DAY_MS).toBe(86_400_000)
  })
})
