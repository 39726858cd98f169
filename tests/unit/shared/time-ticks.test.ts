import { describe, expect, it } from 'vitest'
import { timeTicks, type Calendar, type TimeStep } from '../../../src-shared/time-ticks'

/** A calendar's times and the parts of them the cases check. */
interface CalendarCase {
  calendar: Calendar
  at(month: number, day: number, hours?: number, minutes?: number, year?: number): number
  parts(ms: number): { weekday: number; hours: number; minutes: number }
}

const CALENDARS: readonly CalendarCase[] = [
  {
    calendar: 'local',
    // Local times, as the UI's axes show them: the cases hold in any time zone.
    at: (month: number, day: number, hours = 0, minutes = 0, year = 2021) =>
      new Date(year, month - 1, day, hours, minutes).getTime(),
    parts: (ms: number) => {
      const date = new Date(ms)
      return { weekday: date.getDay(), hours: date.getHours(), minutes: date.getMinutes() }
    },
  },
  {
    calendar: 'utc',
    at: (month: number, day: number, hours = 0, minutes = 0, year = 2021) =>
      Date.UTC(year, month - 1, day, hours, minutes),
    parts: (ms: number) => {
      const date = new Date(ms)
      return { weekday: date.getUTCDay(), hours: date.getUTCHours(), minutes: date.getUTCMinutes() }
    },
  },
]

describe.each(CALENDARS)('timeTicks on the $calendar calendar', ({ calendar, at, parts }) => {
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
    expect(timeTicks(from, to, 4, calendar)).toEqual({ ticks, step })
  })

  it('puts weekly ticks on Mondays', () => {
    const { ticks, step } = timeTicks(at(5, 1), at(5, 25), 4, calendar)
    expect(step).toEqual({ unit: 'day', days: 7 })
    expect(ticks).toEqual([at(5, 3), at(5, 10), at(5, 17), at(5, 24)])
    expect(ticks.every((tick) => parts(tick).weekday === 1)).toBe(true)
  })

  it('keeps to round clock times over days (and any DST change in them)', () => {
    const { ticks } = timeTicks(at(3, 27, 5), at(3, 28, 23), 8, calendar)
    expect(ticks.length).toBeGreaterThan(2)
    for (const tick of ticks) {
      expect(parts(tick).minutes).toBe(0)
      expect(parts(tick).hours % 3).toBe(0)
    }
  })

  it('gives at most about the asked number of ticks, whatever the span', () => {
    for (let span = 60_000; span < 5 * 365 * 86_400_000; span *= 1.7) {
      const { ticks } = timeTicks(at(5, 10, 12, 7), at(5, 10, 12, 7) + span, 5, calendar)
      expect(ticks.length).toBeLessThanOrEqual(6)
    }
  })

  it('copes with a single point', () => {
    expect(timeTicks(at(5, 10, 12), at(5, 10, 12), 4, calendar).ticks).toEqual([at(5, 10, 12)])
  })
})

describe('timeTicks in a time zone off UTC', () => {
  it('puts local ticks on local round times and UTC ticks on UTC ones', () => {
    const zone = process.env.TZ
    // India is 5:30 ahead of UTC, with no DST: no round hour of one is a round hour of the other.
    process.env.TZ = 'Asia/Kolkata'
    try {
      const from = Date.UTC(2021, 4, 10, 0, 0)
      const to = Date.UTC(2021, 4, 10, 18, 0)
      expect(timeTicks(from, to, 4, 'utc').ticks).toEqual([
        Date.UTC(2021, 4, 10, 0),
        Date.UTC(2021, 4, 10, 6),
        Date.UTC(2021, 4, 10, 12),
        Date.UTC(2021, 4, 10, 18),
      ])
      // 05:30 to 23:30 in India.
      expect(timeTicks(from, to, 4, 'local').ticks).toEqual([
        Date.UTC(2021, 4, 10, 0, 30),
        Date.UTC(2021, 4, 10, 6, 30),
        Date.UTC(2021, 4, 10, 12, 30),
      ])
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })
})
