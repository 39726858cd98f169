import {
  CCI as LibraryCci,
  ROC as LibraryRoc,
  WilliamsR as LibraryWilliamsR,
} from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { Cci, ChoppinessIndex, Roc, WilliamsR } from '../../../../src-main/engine/market'
import { candlesFrom, closes, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectPrinted, expectSeriesClose } from '../../../helpers/market/tolerance'
import { TULIP } from '../../../helpers/market/tulip-vectors'

const flat = (price: number) => ({
  timestampMs: 0,
  open: price,
  high: price,
  low: price,
  close: price,
  volume: 1,
})

describe('Cci', () => {
  it('matches the published CCI 5 vectors (Tulip; trading-signals for the first four)', () => {
    const cci = new Cci(5)
    const values = run(cci, candlesFrom(TULIP), () => cci.value)
    expect(values.slice(0, 4)).toEqual([null, null, null, null])
    TULIP.cci5Early.forEach((expected, i) => expectPrinted(values[i + 4] ?? null, expected, 2))
    TULIP.cci5.forEach((expected, i) => expectPrinted(values[i + 8] ?? null, expected, 3))
  })

  it.each(REAL_SERIES)('matches the textbook CCI 20 on $name', ({ candles }) => {
    const cci = new Cci(20)
    expectSeriesClose(
      run(cci, candles, () => cci.value),
      textbook.cci(candles, 20),
      1,
    )
  })

  it.each(REAL_SERIES)('matches trading-signals CCI 20 on $name', ({ candles }) => {
    const cci = new Cci(20)
    const library = new LibraryCci(20)
    const reference = textbook.cci(candles, 20)
    const ours = run(cci, candles, () => cci.value)
    // trading-signals divides by a zero deviation in flat windows; compare elsewhere.
    const theirs = candles.map((c, i) =>
      reference[i] === 0 ? (library.add(c), 0) : library.add(c),
    )
    expectSeriesClose(ours, theirs, 1)
  })

  it('reads 0 in a flat window instead of dividing rounding residue', () => {
    const cci = new Cci(3)
    for (let i = 0; i < 3; i++) cci.update(flat(0.1))
    expect(cci.value).toBe(0)
  })
})

describe('WilliamsR', () => {
  it("matches Tulip Indicators' published willr 5", () => {
    const williamsR = new WilliamsR(5)
    const values = run(williamsR, candlesFrom(TULIP), () => williamsR.value)
    TULIP.willr5.forEach((expected, i) => expectPrinted(values[i + 4] ?? null, expected, 3))
  })

  it.each(REAL_SERIES)('matches the textbook %R 14 on $name', ({ candles }) => {
    const williamsR = new WilliamsR(14)
    expectSeriesClose(
      run(williamsR, candles, () => williamsR.value),
      textbook.williamsR(candles, 14),
      1,
    )
  })

  it.each(REAL_SERIES)(
    'matches trading-signals WilliamsR 14 on $name (outside flat windows)',
    ({ candles }) => {
      const williamsR = new WilliamsR(14)
      const library = new LibraryWilliamsR(14)
      const reference = textbook.williamsR(candles, 14)
      const ours = run(williamsR, candles, () => williamsR.value)
      // trading-signals reads −100 in a flat window, we read −50.
      const theirs = candles.map((c, i) =>
        reference[i] === -50 ? (library.add(c), -50) : library.add(c),
      )
      expectSeriesClose(ours, theirs, 1)
    },
  )

  it('reads −50 when the range is zero', () => {
    const williamsR = new WilliamsR(2)
    williamsR.update(flat(3))
    williamsR.update(flat(3))
    expect(williamsR.value).toBe(-50)
  })
})

describe('Roc', () => {
  it("matches Tulip Indicators' published roc 5 (as percent)", () => {
    const roc = new Roc(5)
    const values = run(roc, candlesFrom(TULIP), () => roc.value)
    expect(values.slice(0, 5).every((v) => v === null)).toBe(true)
    TULIP.roc5.forEach((expected, i) => expectPrinted((values[i + 5] ?? 0) / 100, expected, 3))
  })

  it.each(REAL_SERIES)('matches the textbook ROC 10 on $name', ({ candles }) => {
    const roc = new Roc(10)
    expectSeriesClose(
      run(roc, candles, () => roc.value),
      textbook.roc(closes(candles), 10),
      1,
    )
  })

  it.each(REAL_SERIES)('matches trading-signals ROC 10 (× 100) on $name', ({ candles }) => {
    const roc = new Roc(10)
    const library = new LibraryRoc(10)
    expectSeriesClose(
      run(roc, candles, () => roc.value),
      candles.map((c) => {
        const value = library.add(c.close)
        return value === null ? null : 100 * value
      }),
      1,
    )
  })
})

describe('ChoppinessIndex', () => {
  it.each(REAL_SERIES)('matches the textbook Choppiness 14 on $name', ({ candles }) => {
    const choppiness = new ChoppinessIndex(14)
    expectSeriesClose(
      run(choppiness, candles, () => choppiness.value),
      textbook.choppiness(candles, 14),
      1,
    )
  })

  it('is 100 for a window whose true ranges all span the whole range', () => {
    const choppiness = new ChoppinessIndex(2)
    const bar = { timestampMs: 0, open: 10, high: 12, low: 8, close: 10, volume: 1 }
    choppiness.update(bar)
    choppiness.update(bar)
    // Σ TR = 4 + 4 = 8 = 2 × range 4 → log10(2) / log10(2) → 100.
    expect(choppiness.value).toBeCloseTo(100, 12)
  })

  it('is 100 when the window has no range', () => {
    const choppiness = new ChoppinessIndex(2)
    choppiness.update(flat(5))
    choppiness.update(flat(5))
    expect(choppiness.value).toBe(100)
  })

  it('refuses a period below 2', () => {
    expect(() => new ChoppinessIndex(1)).toThrow('invalid period: period=1')
  })
})
