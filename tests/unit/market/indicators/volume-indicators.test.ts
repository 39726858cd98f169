import { MFI as LibraryMfi } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { Mfi, Obv, Vwap } from '../../../../src-main/engine/market'
import { candlesFrom, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectPrinted, expectSeriesClose } from '../../../helpers/market/tolerance'
import { TULIP } from '../../../helpers/market/tulip-vectors'

const DAY_MS = 86_400_000

describe('Obv', () => {
  it("matches Tulip Indicators' published obv (0 at the first candle)", () => {
    const obv = new Obv()
    expect(obv.value).toBeNull()
    const values = run(obv, candlesFrom(TULIP), () => obv.value)
    expect(values).toEqual(TULIP.obv)
  })

  it.each(REAL_SERIES)('matches the textbook OBV on $name', ({ candles }) => {
    const obv = new Obv()
    expectSeriesClose(
      run(obv, candles, () => obv.value),
      textbook.obv(candles),
      1,
    )
  })
})

describe('Vwap', () => {
  it.each(REAL_SERIES)('matches the textbook session VWAP on $name', ({ candles }) => {
    const vwap = new Vwap()
    expectSeriesClose(
      run(vwap, candles, () => vwap.value),
      textbook.vwap(candles),
      0,
    )
  })

  it('restarts at 00:00 UTC and waits for volume', () => {
    const vwap = new Vwap()
    const candle = (timestampMs: number, price: number, volume: number) => ({
      timestampMs,
      open: price,
      high: price,
      low: price,
      close: price,
      volume,
    })
    vwap.update(candle(DAY_MS - 120_000, 10, 1))
    vwap.update(candle(DAY_MS - 60_000, 20, 3))
    expect(vwap.value).toBe(17.5)
    vwap.update(candle(DAY_MS, 30, 0))
    expect(vwap.value).toBeNull()
    vwap.update(candle(DAY_MS + 60_000, 40, 2))
    expect(vwap.value).toBe(40)
  })
})

describe('Mfi', () => {
  it("matches Tulip Indicators' published mfi 5 (first value with candle 6)", () => {
    const mfi = new Mfi(5)
    const values = run(mfi, candlesFrom(TULIP), () => mfi.value)
    expect(values.slice(0, 5)).toEqual([null, null, null, null, null])
    TULIP.mfi5.forEach((expected, i) => expectPrinted(values[i + 5] ?? null, expected, 3))
  })

  it.each(REAL_SERIES)('matches the textbook MFI 14 on $name', ({ candles }) => {
    const mfi = new Mfi(14)
    expectSeriesClose(
      run(mfi, candles, () => mfi.value),
      textbook.mfi(candles, 14),
      1,
    )
  })

  it.each(REAL_SERIES)('matches trading-signals MFI 14 on $name', ({ candles }) => {
    const mfi = new Mfi(14)
    const library = new LibraryMfi(14)
    expectSeriesClose(
      run(mfi, candles, () => mfi.value),
      candles.map((c) => library.add(c)),
      1,
    )
  })

  it.each([
    ['50 without any flow', [5, 5, 5, 5], 50],
    ['100 without negative flow', [5, 6, 6, 7], 100],
    ['0 without positive flow', [7, 6, 6, 5], 0],
  ])('reads %s', (_, prices, expected) => {
    const mfi = new Mfi(3)
    for (const price of prices) {
      mfi.update({ timestampMs: 0, open: price, high: price, low: price, close: price, volume: 2 })
    }
    expect(mfi.value).toBe(expected)
  })
})
