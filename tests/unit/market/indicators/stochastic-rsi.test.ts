import { StochasticRSI as LibraryStochasticRsi } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { StochasticRsi } from '../../../../src-main/engine/market'
import { candlesFrom, closes, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectPrinted, expectSeriesClose, isClose } from '../../../helpers/market/tolerance'
import { TULIP } from '../../../helpers/market/tulip-vectors'

describe('StochasticRsi', () => {
  it("matches Tulip Indicators' published stochrsi 5 (raw, unsmoothed, 0–1)", () => {
    // %K and %D over one value each are the raw stochastic RSI.
    const stoch = new StochasticRsi(5, 5, 1, 1)
    const values = run(stoch, candlesFrom(TULIP), () => stoch.value)
    expect(values.slice(0, 9).every((v) => v === null)).toBe(true)
    TULIP.stochrsi5.forEach((expected, i) =>
      expectPrinted((values[i + 9]?.k ?? 0) / 100, expected, 3),
    )
  })

  it.each(REAL_SERIES)('matches the textbook StochRSI 14/14/3/3 on $name', ({ candles }) => {
    const stoch = new StochasticRsi(14, 14, 3, 3)
    const values = run(stoch, candles, () => stoch.value)
    const expected = textbook.stochRsi(closes(candles), 14, 14, 3, 3)
    expectSeriesClose(
      values.map((v) => v?.k ?? null),
      expected.k,
      1,
    )
    expectSeriesClose(
      values.map((v) => v?.d ?? null),
      expected.d,
      1,
    )
  })

  it.each(REAL_SERIES)(
    'matches trading-signals StochasticRSI %K on $name (×100, outside flat windows)',
    ({ candles }) => {
      const stoch = new StochasticRsi(14, 14, 3, 3)
      const library = new LibraryStochasticRsi(14)
      const reference = textbook.stochRsi(closes(candles), 14, 14, 3, 3)
      let compared = 0
      candles.forEach((candle, i) => {
        stoch.update(candle)
        library.add(candle.close)
        const ours = stoch.value
        const k = library.smoothing.k.getResult()
        // trading-signals maps a flat RSI window to 100 on its 0–1 scale and skips %K there (and
        // skips %D whenever %K is 0, so its %D is not comparable); compare %K where its last
        // three raw values are not flat.
        const window = reference.stoch.slice(Math.max(0, i - 2), i + 1)
        if (ours === null || k === null || window.some((v) => v === null || v === 50)) return
        expect(isClose(ours.k, 100 * k, 1), `k at ${i}`).toBe(true)
        compared++
      })
      expect(compared).toBeGreaterThan(3000)
    },
  )

  it('reads 50 while the RSI stands still', () => {
    const stoch = new StochasticRsi(2, 2, 1, 1)
    for (const close of [1, 2, 1, 1, 1, 1, 1, 1]) {
      stoch.update({ timestampMs: 0, open: close, high: close, low: close, close, volume: 1 })
    }
    expect(stoch.value).toEqual({ k: 50, d: 50 })
  })
})
