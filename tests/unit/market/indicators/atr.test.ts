import { ATR as LibraryAtr } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { Atr, trueRange } from '../../../../src-main/engine/market'
import { candlesFrom, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectPrinted, expectSeriesClose } from '../../../helpers/market/tolerance'
import { TULIP } from '../../../helpers/market/tulip-vectors'

describe('Atr', () => {
  it("matches Tulip Indicators' published atr 5 (first value with the 5th candle)", () => {
    const atr = new Atr(5)
    const values = run(atr, candlesFrom(TULIP), () => atr.value)
    expect(values.slice(0, 4)).toEqual([null, null, null, null])
    TULIP.atr5.forEach((expected, i) => expectPrinted(values[i + 4] ?? null, expected, 3))
  })

  it.each(REAL_SERIES)('matches the textbook Wilder ATR 14 on $name', ({ candles }) => {
    const atr = new Atr(14)
    expectSeriesClose(
      run(atr, candles, () => atr.value),
      textbook.atr(candles, 14),
      0,
    )
  })

  it.each(REAL_SERIES)('matches trading-signals ATR 14 on $name', ({ candles }) => {
    const atr = new Atr(14)
    const library = new LibraryAtr(14)
    expectSeriesClose(
      run(atr, candles, () => atr.value),
      candles.map((c) => library.add(c)),
      0,
    )
  })

  it.each([
    ['the range', 12, 9, 10, 3],
    ['a gap up from the previous close', 12, 11, 8, 4],
    ['a gap down from the previous close', 12, 11, 14, 3],
  ])('takes %s as the true range', (_, high, low, previousClose, expected) => {
    const candle = { timestampMs: 0, open: low, high, low, close: low, volume: 1 }
    expect(trueRange(candle, previousClose)).toBe(expected)
  })

  it('uses high − low for the first candle', () => {
    const candle = { timestampMs: 0, open: 10, high: 12, low: 9, close: 10, volume: 1 }
    expect(trueRange(candle, Number.NaN)).toBe(3)
  })
})
