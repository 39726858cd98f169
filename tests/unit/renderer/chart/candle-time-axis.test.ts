import { describe, expect, it } from 'vitest'
import { candleTimeAxis } from '../../../../src-renderer/src/chart/candle-time-axis'
import type { ChartCandle } from '../../../../src-renderer/src/chart/downsample'
import { formatTimeTick } from '../../../../src-renderer/src/chart/time-tick-label'
import { timeTicks } from '../../../../src-shared/time-ticks'

// Local times, as the axis shows them: the cases hold in any time zone.
const at = (month: number, day: number, hours = 0, minutes = 0) =>
  new Date(2021, month - 1, day, hours, minutes).getTime()

/** Points `stepMs` apart from `from`, each covering one candle. */
function points(from: number, count: number, stepMs: number): ChartCandle[] {
  return Array.from({ length: count }, (_, index) => ({
    t: from + index * stepMs,
    o: 1,
    h: 1,
    l: 1,
    c: 1,
    v: 1,
    from: index,
    to: index + 1,
  }))
}

describe('candleTimeAxis', () => {
  it('labels hourly candles on the round times and labels the equity chart uses', () => {
    const hourly = points(at(5, 9, 22), 15, 3_600_000)
    const axis = candleTimeAxis(hourly, 4)
    const equity = timeTicks(at(5, 9, 22), at(5, 10, 12), 4, 'local')
    expect(axis.ticks).toEqual(equity.ticks)
    expect(axis.ticks.map((tick) => axis.labels.get(tick))).toEqual(
      equity.ticks.map((tick) => formatTimeTick(tick, equity.step)),
    )
    expect([...axis.labels.values()]).toEqual(['05-10 00:00', '05-10 06:00', '05-10 12:00'])
  })

  it('puts no label on the first candle, where the chart edge would cut it', () => {
    const axis = candleTimeAxis(points(at(5, 10, 0), 13, 3_600_000), 4)
    expect([...axis.labels.values()]).toEqual([
      '05-10 03:00',
      '05-10 06:00',
      '05-10 09:00',
      '05-10 12:00',
    ])
  })

  it('labels days of candles by date', () => {
    const axis = candleTimeAxis(points(at(5, 1), 30, 86_400_000), 5)
    expect([...axis.labels.values()]).toEqual(['05-03', '05-10', '05-17', '05-24'])
  })

  it('puts a round time inside a merged point on that point, labelled with the round time', () => {
    // Points of 7 minutes from 12:03: 12:10 falls in the one from 12:10, 12:20 in the one from 12:17.
    const merged = points(at(5, 10, 12, 3), 5, 7 * 60_000)
    const axis = candleTimeAxis(merged, 4)
    expect(axis.ticks).toEqual([at(5, 10, 12, 10), at(5, 10, 12, 17), at(5, 10, 12, 24)])
    expect(axis.ticks.map((tick) => axis.labels.get(tick))).toEqual([
      '05-10 12:10',
      '05-10 12:20',
      '05-10 12:30',
    ])
  })

  it('has no ticks without points', () => {
    expect(candleTimeAxis([], 6)).toEqual({ ticks: [], labels: new Map() })
  })
})
