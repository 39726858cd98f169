import { describe, expect, it } from 'vitest'
import { formatTimeTick } from '../../../../src-renderer/src/chart/time-tick-label'
import type { TimeStep } from '../../../../src-shared/time-ticks'

describe('formatTimeTick', () => {
  it.each<[TimeStep, string]>([
    [{ unit: 'minute', minutes: 30 }, '05-10 14:30'],
    [{ unit: 'day', days: 1 }, '05-10'],
    [{ unit: 'month', months: 1 }, '2021-05'],
  ])('labels a tick %j apart as %s', (step, label) => {
    // A local time, as the axis shows it: the case holds in any time zone.
    expect(formatTimeTick(new Date(2021, 4, 10, 14, 30).getTime(), step)).toBe(label)
  })
})
