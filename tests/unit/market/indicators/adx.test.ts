import { ADX as LibraryAdx } from 'technicalindicators'
import { describe, expect, it } from 'vitest'
import { Adx } from '../../../../src-main/engine/market'
import { REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectSeriesClose } from '../../../helpers/market/tolerance'

describe('Adx', () => {
  it.each(REAL_SERIES)('matches the textbook Wilder ADX 14 with ±DI on $name', ({ candles }) => {
    const adx = new Adx(14)
    const values = run(adx, candles, () => adx.value)
    const expected = textbook.adx(candles, 14)
    expectSeriesClose(
      values.map((v) => v?.adx ?? null),
      expected.adx,
      1,
    )
    expectSeriesClose(
      values.map((v) => v?.plusDi ?? null),
      expected.plusDi,
      1,
    )
    expectSeriesClose(
      values.map((v) => v?.minusDi ?? null),
      expected.minusDi,
      1,
    )
  })

  it.each(REAL_SERIES)('matches technicalindicators ADX 14 on $name', ({ candles }) => {
    const adx = new Adx(14)
    const library = new LibraryAdx({ period: 14, high: [], low: [], close: [] })
    const ours = run(adx, candles, () => adx.value)
    // The library's typings declare a number, but its ADX takes a candle.
    const theirs = candles.map((c) =>
      library.nextValue({ high: c.high, low: c.low, close: c.close } as unknown as number),
    )
    expectSeriesClose(
      ours.map((v) => v?.adx ?? null),
      theirs.map((v) => v?.adx ?? null),
      1,
    )
    expectSeriesClose(
      ours.map((v) => v?.plusDi ?? null),
      theirs.map((v) => (v === undefined ? null : v.pdi)),
      1,
    )
  })

  it('has its first value with candle 2 × period', () => {
    const adx = new Adx(3)
    const values = [1, 2, 3, 4, 5, 6, 7].map((close) => {
      adx.update({ timestampMs: 0, open: close, high: close + 1, low: close - 1, close, volume: 1 })
      return adx.value
    })
    expect(values.findIndex((v) => v !== null)).toBe(5)
    // A steady rise: all movement is up.
    expect(values[6]).toEqual({ adx: 100, plusDi: expect.any(Number), minusDi: 0 })
  })

  it('reads 0 when nothing moves', () => {
    const adx = new Adx(2)
    for (let i = 0; i < 6; i++) {
      adx.update({ timestampMs: 0, open: 5, high: 5, low: 5, close: 5, volume: 1 })
    }
    expect(adx.value).toEqual({ adx: 0, plusDi: 0, minusDi: 0 })
  })
})
