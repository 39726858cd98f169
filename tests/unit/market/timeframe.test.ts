import { describe, expect, it } from 'vitest'
import {
  bucketStartMs,
  canAggregate,
  isAlignedTo,
  isTimeframe,
  sortTimeframes,
  TIMEFRAMES,
  timeframeMs,
  timeframeSchema,
} from '../../../src-main/engine/market'

const at = (iso: string) => Date.parse(iso)

describe('timeframes', () => {
  it.each([
    ['1m', 60_000],
    ['5m', 300_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['4h', 14_400_000],
    ['1d', 86_400_000],
  ] as const)('%s lasts %i ms', (timeframe, ms) => {
    expect(timeframeMs(timeframe)).toBe(ms)
  })

  it.each([
    ['5m', '2021-05-10T12:34:56Z', '2021-05-10T12:30:00Z'],
    ['15m', '2021-05-10T12:44:59Z', '2021-05-10T12:30:00Z'],
    ['1h', '2021-05-10T12:59:00Z', '2021-05-10T12:00:00Z'],
    ['4h', '2021-05-10T03:59:00Z', '2021-05-10T00:00:00Z'],
    ['4h', '2021-05-10T20:00:00Z', '2021-05-10T20:00:00Z'],
    ['1d', '2021-05-10T23:59:00Z', '2021-05-10T00:00:00Z'],
    ['1d', '1969-12-31T23:00:00Z', '1969-12-31T00:00:00Z'],
  ] as const)('puts %s bucket of %s at %s (UTC)', (timeframe, time, start) => {
    expect(bucketStartMs(at(time), timeframe)).toBe(at(start))
  })

  it('tells aligned timestamps apart', () => {
    expect(isAlignedTo(at('2021-05-10T04:00:00Z'), '4h')).toBe(true)
    expect(isAlignedTo(at('2021-05-10T05:00:00Z'), '4h')).toBe(false)
  })

  it('aggregates only to longer multiples', () => {
    expect(canAggregate('1m', '5m')).toBe(true)
    expect(canAggregate('4h', '1d')).toBe(true)
    expect(canAggregate('5m', '5m')).toBe(false)
    expect(canAggregate('1h', '15m')).toBe(false)
  })

  it('recognises and sorts timeframes', () => {
    expect(isTimeframe('15m')).toBe(true)
    expect(isTimeframe('2h')).toBe(false)
    expect(isTimeframe('toString')).toBe(false)
    expect(sortTimeframes(['1d', '1m', '4h', '1m'])).toEqual(['1m', '4h', '1d'])
    expect(timeframeSchema.safeParse('3m').success).toBe(false)
    expect(TIMEFRAMES).toHaveLength(6)
  })
})
