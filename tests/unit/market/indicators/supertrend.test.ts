import { SuperTrend as LibrarySupertrend } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { Supertrend, type NumericCandle } from '../../../../src-main/engine/market'
import { REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectSeriesClose, isClose } from '../../../helpers/market/tolerance'

const candle = (high: number, low: number, close: number): NumericCandle => ({
  timestampMs: 0,
  open: close,
  high,
  low,
  close,
  volume: 1,
})

describe('Supertrend', () => {
  it.each(REAL_SERIES)('matches the textbook Supertrend 10/3 on $name', ({ candles }) => {
    const supertrend = new Supertrend(10, 3)
    const values = run(supertrend, candles, () => supertrend.value)
    const expected = textbook.supertrend(candles, 10, 3)
    expectSeriesClose(
      values.map((v) => v?.value ?? null),
      expected.value,
      0,
    )
    expect(values.map((v) => v?.direction ?? null)).toEqual(expected.direction)
  })

  it.each(REAL_SERIES)(
    'matches trading-signals SuperTrend on $name once both agree on the trend',
    ({ candles }) => {
      // The bands are the same; only the initial direction differs (trading-signals compares
      // the close with the upper band), and the trends agree from the first flip on.
      const supertrend = new Supertrend(10, 3)
      const library = new LibrarySupertrend({ interval: 10, multiplier: 3 })
      let isSynchronised = false
      let compared = 0
      for (const c of candles) {
        supertrend.update(c)
        const theirs = library.add(c)
        const ours = supertrend.value
        if (ours === null || theirs === null) continue
        const theirDirection = theirs.trend === 'BULLISH' ? 'up' : 'down'
        isSynchronised ||= ours.direction === theirDirection
        if (!isSynchronised) continue
        expect(ours.direction).toBe(theirDirection)
        expect(isClose(ours.value, theirs.supertrend, 0)).toBe(true)
        compared++
      }
      expect(compared).toBeGreaterThan(4000)
    },
  )

  it('starts up when the first close is at or above hl2, even below the upper band (seed 001 v1.3)', () => {
    const supertrend = new Supertrend(2, 1)
    supertrend.update(candle(12, 8, 10))
    expect(supertrend.value).toBeNull()
    // ATR = (4 + 4) / 2 = 4; hl2 = 10; bands 14 / 6; close 11 ≥ hl2 → up, on the lower band.
    supertrend.update(candle(12, 8, 11))
    expect(supertrend.value).toEqual({ value: 6, direction: 'up' })
  })

  it('starts down when the first close is below hl2', () => {
    const supertrend = new Supertrend(2, 1)
    supertrend.update(candle(12, 8, 10))
    supertrend.update(candle(12, 8, 9))
    expect(supertrend.value).toEqual({ value: 14, direction: 'down' })
  })

  it('flips down when the close falls below the lower band and up above the upper band', () => {
    const supertrend = new Supertrend(2, 1)
    supertrend.update(candle(12, 8, 10))
    supertrend.update(candle(12, 8, 11)) // up, lower band 6
    supertrend.update(candle(8, 4, 5)) // close 5 < lower band 6 → down
    expect(supertrend.value?.direction).toBe('down')
    supertrend.update(candle(30, 20, 29)) // far above the upper band → up
    expect(supertrend.value?.direction).toBe('up')
  })
})
