import { EMA as LibraryEma } from 'technicalindicators'
import { SMA as LibrarySma } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { Ema, Sma, VolumeSma } from '../../../../src-main/engine/market'
import { candlesFrom, closes, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectPrinted, expectSeriesClose } from '../../../helpers/market/tolerance'
import { TULIP } from '../../../helpers/market/tulip-vectors'

describe('Sma', () => {
  it("matches Tulip Indicators' published sma 5", () => {
    const sma = new Sma(5)
    const values = run(sma, candlesFrom(TULIP), () => sma.value)
    expect(values.slice(0, 4)).toEqual([null, null, null, null])
    TULIP.sma5.forEach((expected, i) => expectPrinted(values[i + 4] ?? null, expected, 3))
  })

  it.each(REAL_SERIES)(
    'matches the textbook mean on $name for periods 20, 50, 200',
    ({ candles }) => {
      for (const period of [20, 50, 200]) {
        const sma = new Sma(period)
        expectSeriesClose(
          run(sma, candles, () => sma.value),
          textbook.sma(closes(candles), period),
          0,
        )
      }
    },
  )

  it.each(REAL_SERIES)('matches trading-signals SMA on $name', ({ candles }) => {
    const sma = new Sma(50)
    const library = new LibrarySma(50)
    expectSeriesClose(
      run(sma, candles, () => sma.value),
      candles.map((c) => library.add(c.close)),
      0,
    )
  })

  it('accepts raw numbers through push and reports readiness', () => {
    const sma = new Sma(2)
    sma.push(1)
    expect(sma.isReady).toBe(false)
    expect(sma.current).toBeNaN()
    sma.push(3)
    expect(sma.isReady).toBe(true)
    expect(sma.current).toBe(2)
  })
})

describe('VolumeSma', () => {
  it.each(REAL_SERIES)('matches the textbook mean volume on $name', ({ candles }) => {
    const volumeSma = new VolumeSma(20)
    expectSeriesClose(
      run(volumeSma, candles, () => volumeSma.value),
      textbook.sma(
        candles.map((c) => c.volume),
        20,
      ),
      0,
    )
  })

  it('is exactly zero over a window without volume', () => {
    const volumeSma = new VolumeSma(3)
    for (const volume of [0.1, 0.2, 0.3, 0, 0, 0]) {
      volumeSma.update({ timestampMs: 0, open: 1, high: 1, low: 1, close: 1, volume })
    }
    expect(volumeSma.value).toBe(0)
  })
})

describe('Ema', () => {
  it('seeds with the simple mean of the first period closes', () => {
    const ema = new Ema(3)
    const values = [2, 4, 6, 8].map((close) => {
      ema.push(close)
      return ema.value
    })
    // Seed (2 + 4 + 6) / 3 = 4, then 4 + 0.5 × (8 − 4) = 6.
    expect(values).toEqual([null, null, 4, 6])
  })

  it.each(REAL_SERIES)('matches the textbook EMA on $name for 9, 21, 50, 200', ({ candles }) => {
    for (const period of [9, 21, 50, 200]) {
      const ema = new Ema(period)
      expectSeriesClose(
        run(ema, candles, () => ema.value),
        textbook.ema(closes(candles), period),
        0,
      )
    }
  })

  it.each(REAL_SERIES)('matches technicalindicators EMA (SMA-seeded) on $name', ({ candles }) => {
    const ema = new Ema(21)
    const library = new LibraryEma({ period: 21, values: [] })
    expectSeriesClose(
      run(ema, candles, () => ema.value),
      candles.map((c) => library.nextValue(c.close) ?? null),
      0,
    )
  })

  it('refuses a period that is not a positive integer', () => {
    expect(() => new Ema(0)).toThrow('invalid period: period=0')
  })
})
