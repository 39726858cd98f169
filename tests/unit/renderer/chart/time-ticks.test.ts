import { describe, expect, it } from 'vitest'
import {
  formatTimeTick,
  timeTicks,
  type TimeStep,
} from '../../../../src-renderer/src/chart/time-ticks'

// Local times, as the axis shows them: the cases hold in any time zone.
const at = (month: number, day: number, hours = 0, minutes = 0, year = 2021) =>
  new Date(year, month - 1, day, hours, minutes).getTime()

describe('timeTicks', () => {
  it.each<[string, number, number, TimeStep, number[]]>([
    [
      'half an hour',
      at(5, 10, 12, 3),
      at(5, 10, 12, 33),
      { unit: 'minute', minutes: 10 },
      [at(5, 10, 12, 10), at(5, 10, 12, 20), at(5, 10, 12, 30)],
    ],
    [
      'six hours',
      at(5, 10, 11, 59),
      at(5, 10, 17, 59),
      { unit: 'minute', minutes: 120 },
      [at(5, 10, 12), at(5, 10, 14), at(5, 10, 16)],
    ],
    [
      'a day and a half, across midnight',
      at(5, 10, 6),
      at(5, 11, 18),
      { unit: 'minute', minutes: 720 },
      [at(5, 10, 12), at(5, 11), at(5, 11, 12)],
    ],
    [
      'three days: dates only',
      at(5, 10, 12),
      at(5, 13, 12),
      { unit: 'day', days: 1 },
      [at(5, 11), at(5, 12), at(5, 13)],
    ],
    [
      'seven months',
      at(5, 10),
      at(12, 20),
      { unit: 'month', months: 2 },
      [at(7, 1), at(9, 1), at(11, 1)],
    ],
  ])('puts round ticks on %s', (_name, from, to, step, ticks) => {
    expect(timeTicks(from, to, 4)).toEqual({ ticks, step })
  })

  it('puts weekly ticks on Mondays', () => {
    const { ticks, step } = timeTicks(at(5, 1), at(5, 25), 4)
    expect(step).toEqual({ unit: 'day', days: 7 })
    expect(ticks).toEqual([at(5, 3), at(5, 10), at(5, 17), at(5, 24)])
    expect(ticks.every((tick) => new Date(tick).getDay() === 1)).toBe(true)
  })

  it('keeps to round clock times over days (and any DST change in them)', () => {
    const { ticks } = timeTicks(at(3, 27, 5), at(3, 28, 23), 8)
    expect(ticks.length).toBeGreaterThan(2)
    for (const tick of ticks) {
      expect(new Date(tick).getMinutes()).toBe(0)
      expect(new Date(tick).getHours() % 3).toBe(0)
    }
  })

  it('gives at most about the asked number of ticks, whatever the span', () => {
    for (let span = 60_000; span < 5 * 365 * 86_400_000; span *= 1.7) {
      const { ticks } = timeTicks(at(5, 10, 12, 7), at(5, 10, 12, 7) + span, 5)
      expect(ticks.length).toBeLessThanOrEqual(6)
    }
  })

  it('copes with a single point', () => {
    expect(timeTicks(at(5, 10, 12), at(5, 10, 12), 4).ticks).toEqual([at(5, 10, 12)])
  })
})

describe('formatTimeTick', () => {
  it.each<[TimeStep, string]>([
    [{ unit: 'minute', minutes: 30 }, '05-10 14:30'],
    [{ unit: 'day', days: 1 }, '05-10'],
    [{ unit: 'month', months: 1 }, '2021-05'],
  ])('labels a tick %j apart as %s', (step, label) => {
    expect(formatTimeTick(at(5, 10, 14, 30), step)).toBe(label)
  })
})
