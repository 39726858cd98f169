import { describe, expect, it } from 'vitest'
import { CandleRing } from '../../../src-main/engine/market'
import { aCandle, minute } from '../../helpers/market/candles'

const times = (candles: readonly { timestampMs: number }[]) =>
  candles.map((candle) => (candle.timestampMs - minute(0)) / 60_000)

describe('CandleRing', () => {
  it('keeps the newest candles up to its capacity, oldest first', () => {
    const ring = new CandleRing(3)
    expect(ring.last()).toBeNull()
    expect(ring.newest(5)).toEqual([])
    for (let index = 0; index < 5; index++) ring.push(aCandle(minute(index)).build())
    expect(ring.length).toBe(3)
    expect(times(ring.newest(10))).toEqual([2, 3, 4])
    expect(times(ring.newest(2))).toEqual([3, 4])
    expect(ring.newest(0)).toEqual([])
    expect(ring.at(0)?.timestampMs).toBe(minute(2))
    expect(ring.at(3)).toBeUndefined()
    expect(ring.at(-1)).toBeUndefined()
    expect(ring.last()?.timestampMs).toBe(minute(4))
  })

  it.each([
    [minute(2) - 1, null],
    [minute(2), 2],
    [minute(3) + 30_000, 3],
    [minute(9), 6],
  ])('finds the newest candle at or before %i', (timestampMs, expected) => {
    const ring = new CandleRing(5)
    for (let index = 0; index < 7; index++) ring.push(aCandle(minute(index)).build())
    const found = ring.atOrBefore(timestampMs)
    expect(found === null ? null : times([found])[0]).toBe(expected)
  })

  it.each([0, -1, 1.5])('refuses capacity %s', (capacity) => {
    expect(() => new CandleRing(capacity)).toThrow(
      'candle ring capacity must be a positive integer',
    )
  })
})
