import { MACD as LibraryMacd } from 'technicalindicators'
import { describe, expect, it } from 'vitest'
import { Macd } from '../../../../src-main/engine/market'
import { closes, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectSeriesClose } from '../../../helpers/market/tolerance'

describe('Macd', () => {
  it.each(REAL_SERIES)('matches the textbook MACD 12/26/9 on $name', ({ candles }) => {
    const macd = new Macd(12, 26, 9)
    const values = run(macd, candles, () => macd.value)
    const expected = textbook.macd(closes(candles), 12, 26, 9)
    // Differences of prices: judged against the price level, not their own size near zero.
    const floor = (candles[0]?.close ?? 1) * 1e-6
    expectSeriesClose(
      values.map((v) => v?.macd ?? null),
      expected.macd,
      floor,
    )
    expectSeriesClose(
      values.map((v) => v?.signal ?? null),
      expected.signal,
      floor,
    )
    expectSeriesClose(
      values.map((v) => v?.histogram ?? null),
      expected.histogram,
      floor,
    )
  })

  it.each(REAL_SERIES)('matches technicalindicators MACD with EMAs on $name', ({ candles }) => {
    const macd = new Macd(12, 26, 9)
    const library = new LibraryMacd({
      values: [],
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    })
    const floor = (candles[0]?.close ?? 1) * 1e-6
    const ours = run(macd, candles, () => macd.value)
    const theirs = candles.map((c) => library.nextValue(c.close))
    expectSeriesClose(
      ours.map((v) => v?.signal ?? null),
      theirs.map((v) => v?.signal ?? null),
      floor,
    )
    expectSeriesClose(
      ours.map((v) => v?.histogram ?? null),
      theirs.map((v) => v?.histogram ?? null),
      floor,
    )
  })

  it('has its first value with close slow + signal − 1', () => {
    const macd = new Macd(3, 5, 4)
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((close) => {
      macd.update({ timestampMs: 0, open: close, high: close, low: close, close, volume: 1 })
      return macd.value
    })
    expect(values.findIndex((v) => v !== null)).toBe(5 + 4 - 2)
  })

  it('refuses a fast period not shorter than the slow one', () => {
    expect(() => new Macd(26, 12, 9)).toThrow('invalid MACD periods: fast=26 slow=12')
  })
})
