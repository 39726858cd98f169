import { DonchianChannels as LibraryDonchian } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { DonchianChannels, KeltnerChannels } from '../../../../src-main/engine/market'
import { candlesFrom, REAL_SERIES, run } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { expectPrinted, expectSeriesClose } from '../../../helpers/market/tolerance'
import { TULIP } from '../../../helpers/market/tulip-vectors'

describe('KeltnerChannels', () => {
  it.each(REAL_SERIES)('matches the textbook EMA 20 ± 2 × ATR 10 on $name', ({ candles }) => {
    const keltner = new KeltnerChannels(20, 10, 2)
    const values = run(keltner, candles, () => keltner.value)
    const expected = textbook.keltner(candles, 20, 10, 2)
    for (const line of ['upper', 'middle', 'lower'] as const) {
      expectSeriesClose(
        values.map((v) => v?.[line] ?? null),
        expected[line],
        0,
      )
    }
  })

  it('waits for the longer of its two periods', () => {
    const keltner = new KeltnerChannels(3, 5, 2)
    const values = run(keltner, candlesFrom(TULIP), () => keltner.value)
    expect(values.findIndex((v) => v !== null)).toBe(4)
  })
})

describe('DonchianChannels', () => {
  it("matches Tulip Indicators' max 5 / min 5 when high = low = close", () => {
    const donchian = new DonchianChannels(5)
    const flat = candlesFrom({ high: TULIP.close, low: TULIP.close, close: TULIP.close })
    const values = run(donchian, flat, () => donchian.value)
    TULIP.max5.forEach((max, i) => {
      expectPrinted(values[i + 4]?.upper ?? null, max, 3)
      expectPrinted(values[i + 4]?.lower ?? null, TULIP.min5[i] as number, 3)
    })
  })

  it.each(REAL_SERIES)('matches the textbook channel 20 on $name', ({ candles }) => {
    const donchian = new DonchianChannels(20)
    const values = run(donchian, candles, () => donchian.value)
    const expected = textbook.donchian(candles, 20)
    for (const line of ['upper', 'middle', 'lower'] as const) {
      expectSeriesClose(
        values.map((v) => v?.[line] ?? null),
        expected[line],
        0,
      )
    }
  })

  it.each(REAL_SERIES)('matches trading-signals DonchianChannels on $name', ({ candles }) => {
    const donchian = new DonchianChannels(20)
    const library = new LibraryDonchian(20)
    const ours = run(donchian, candles, () => donchian.value)
    const theirs = candles.map((c) => library.add(c))
    expect(ours).toEqual(theirs)
  })
})
