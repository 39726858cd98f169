import { RSI as LibraryRsi } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { Rsi } from '../../../../src-main/engine/market'
import { candlesFrom, closes, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectPrinted, expectSeriesClose } from '../../../helpers/market/tolerance'
import { TULIP } from '../../../helpers/market/tulip-vectors'

describe('Rsi', () => {
  it("matches Tulip Indicators' published rsi 5 (first value with the 6th close)", () => {
    const rsi = new Rsi(5)
    const values = run(rsi, candlesFrom(TULIP), () => rsi.value)
    expect(values.slice(0, 5)).toEqual([null, null, null, null, null])
    TULIP.rsi5.forEach((expected, i) => expectPrinted(values[i + 5] ?? null, expected, 3))
  })

  it.each(REAL_SERIES)('matches the textbook Wilder RSI 14 on $name', ({ candles }) => {
    const rsi = new Rsi(14)
    expectSeriesClose(
      run(rsi, candles, () => rsi.value),
      textbook.rsi(closes(candles), 14),
      1,
    )
  })

  it.each(REAL_SERIES)('matches trading-signals RSI 14 on $name', ({ candles }) => {
    const rsi = new Rsi(14)
    const library = new LibraryRsi(14)
    expectSeriesClose(
      run(rsi, candles, () => rsi.value),
      candles.map((c) => library.add(c.close)),
      1,
    )
  })

  it('is 100 without losses and 0 without gains', () => {
    const rising = new Rsi(3)
    const falling = new Rsi(3)
    for (const close of [1, 2, 3, 4]) rising.push(close)
    for (const close of [4, 3, 2, 1]) falling.push(close)
    expect(rising.value).toBe(100)
    expect(falling.value).toBe(0)
  })
})
