import { BollingerBands as LibraryBollinger } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { BollingerBands } from '../../../../src-main/engine/market'
import { candlesFrom, closes, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectPrinted, expectSeriesClose } from '../../../helpers/market/tolerance'
import { TULIP } from '../../../helpers/market/tulip-vectors'

describe('BollingerBands', () => {
  it("matches Tulip Indicators' published bbands 5 2 (population deviation)", () => {
    const bands = new BollingerBands(5, 2)
    const values = run(bands, candlesFrom(TULIP), () => bands.value)
    expect(values.slice(0, 4)).toEqual([null, null, null, null])
    TULIP.bbands5.upper.forEach((upper, i) => {
      const value = values[i + 4]
      expectPrinted(value?.upper ?? null, upper, 3)
      expectPrinted(value?.middle ?? null, TULIP.bbands5.middle[i] as number, 3)
      expectPrinted(value?.lower ?? null, TULIP.bbands5.lower[i] as number, 3)
    })
  })

  it.each(REAL_SERIES)(
    'matches the textbook bands 20/2 with width and %B on $name',
    ({ candles }) => {
      const bands = new BollingerBands(20, 2)
      const values = run(bands, candles, () => bands.value)
      const expected = textbook.bollinger(closes(candles), 20, 2)
      expectSeriesClose(
        values.map((v) => v?.upper ?? null),
        expected.upper,
        0,
      )
      expectSeriesClose(
        values.map((v) => v?.middle ?? null),
        expected.middle,
        0,
      )
      expectSeriesClose(
        values.map((v) => v?.lower ?? null),
        expected.lower,
        0,
      )
      expectSeriesClose(
        values.map((v) => v?.width ?? null),
        expected.width,
        1e-6,
      )
      expectSeriesClose(
        values.map((v) => v?.percentB ?? null),
        expected.percentB,
        1,
      )
    },
  )

  it.each(REAL_SERIES)('matches trading-signals BollingerBands on $name', ({ candles }) => {
    const bands = new BollingerBands(20, 2)
    const library = new LibraryBollinger(20, 2)
    const ours = run(bands, candles, () => bands.value)
    const theirs = candles.map((c) => library.add(c.close))
    expectSeriesClose(
      ours.map((v) => v?.upper ?? null),
      theirs.map((v) => v?.upper ?? null),
      0,
    )
  })

  it('collapses to the price with %B 0.5 in a flat window', () => {
    const bands = new BollingerBands(3, 2)
    for (let i = 0; i < 3; i++) {
      bands.update({ timestampMs: 0, open: 0.1, high: 0.1, low: 0.1, close: 0.1, volume: 1 })
    }
    const value = bands.value
    // The mean of three 0.1s is 0.1 plus a rounding residue; the deviation counts as zero.
    expect(value?.middle).toBeCloseTo(0.1, 15)
    expect(value).toEqual({
      upper: value?.middle,
      middle: value?.middle,
      lower: value?.middle,
      width: 0,
      percentB: 0.5,
    })
  })
})
