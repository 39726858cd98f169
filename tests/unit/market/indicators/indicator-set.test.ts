import { describe, expect, it } from 'vitest'
import {
  DEFAULT_INDICATOR_CONFIG,
  IndicatorSet,
  indicatorConfigSchema,
} from '../../../../src-main/engine/market'
import { closes, REAL_SERIES } from '../../../helpers/market/series'
import * as textbook from '../../../helpers/market/textbook-indicators'
import { isClose } from '../../../helpers/market/tolerance'

const btc = (REAL_SERIES[0] as (typeof REAL_SERIES)[number]).candles

describe('indicatorConfigSchema', () => {
  it('defaults to the textbook periods', () => {
    expect(DEFAULT_INDICATOR_CONFIG).toEqual({
      ema: [9, 21, 50, 200],
      sma: [20, 50, 200],
      rsi: 14,
      macd: { fast: 12, slow: 26, signal: 9 },
      atr: 14,
      adx: 14,
      bollinger: { period: 20, multiplier: 2 },
      stochRsi: { rsiPeriod: 14, stochPeriod: 14, kPeriod: 3, dPeriod: 3 },
      cci: 20,
      mfi: 14,
      williamsR: 14,
      roc: 10,
      choppiness: 14,
      donchian: 20,
      keltner: { emaPeriod: 20, atrPeriod: 10, multiplier: 2 },
      volumeSma: 20,
      supertrend: { period: 10, multiplier: 3 },
    })
  })

  it('fills in what a partial config leaves out', () => {
    const config = indicatorConfigSchema.parse({ rsi: 7, ema: [5] })
    expect(config.rsi).toBe(7)
    expect(config.ema).toEqual([5])
    expect(config.sma).toEqual([20, 50, 200])
  })

  it.each([
    ['a zero period', { rsi: 0 }],
    ['a fractional period', { atr: 2.5 }],
    ['a MACD fast period not below the slow one', { macd: { fast: 26, slow: 12, signal: 9 } }],
    ['an unknown key', { rsii: 14 }],
    ['a non-positive multiplier', { bollinger: { period: 20, multiplier: 0 } }],
    ['a choppiness period of 1', { choppiness: 1 }],
  ])('refuses %s', (_, input) => {
    expect(indicatorConfigSchema.safeParse(input).success).toBe(false)
  })
})

describe('IndicatorSet', () => {
  it('snapshots nulls and no candle before the first update', () => {
    const snapshot = new IndicatorSet().snapshot()
    expect(snapshot.timestampMs).toBeNull()
    expect(snapshot.candleCount).toBe(0)
    expect(snapshot.ema).toEqual({ '9': null, '21': null, '50': null, '200': null })
    expect(snapshot.rsi).toBeNull()
    expect(snapshot.obv).toBeNull()
  })

  it('updates every indicator per candle and snapshots their values (BTC/USDT slice)', () => {
    const set = new IndicatorSet()
    for (const candle of btc) set.update(candle)
    const snapshot = set.snapshot()
    const last = btc.length - 1
    const prices = closes(btc)
    const check = (actual: number | null | undefined, expected: number | null | undefined) => {
      expect(actual).not.toBeNull()
      expect(isClose(actual as number, expected as number, 1)).toBe(true)
    }
    expect(set.candleCount).toBe(btc.length)
    expect(snapshot.timestampMs).toBe(btc[last]?.timestampMs)
    expect(snapshot.close).toBe(btc[last]?.close)
    for (const period of [9, 21, 50, 200]) {
      check(snapshot.ema[String(period)], textbook.ema(prices, period)[last])
    }
    for (const period of [20, 50, 200]) {
      check(snapshot.sma[String(period)], textbook.sma(prices, period)[last])
    }
    check(snapshot.rsi, textbook.rsi(prices, 14)[last])
    check(snapshot.macd?.macd, textbook.macd(prices, 12, 26, 9).macd[last])
    check(snapshot.atr, textbook.atr(btc, 14)[last])
    check(snapshot.adx?.adx, textbook.adx(btc, 14).adx[last])
    check(snapshot.bollinger?.width, textbook.bollinger(prices, 20, 2).width[last])
    check(snapshot.stochRsi?.d, textbook.stochRsi(prices, 14, 14, 3, 3).d[last])
    check(snapshot.obv, textbook.obv(btc)[last])
    check(snapshot.vwap, textbook.vwap(btc)[last])
    check(snapshot.supertrend?.value, textbook.supertrend(btc, 10, 3).value[last])
    check(snapshot.keltner?.upper, textbook.keltner(btc, 20, 10, 2).upper[last])
    check(snapshot.cci, textbook.cci(btc, 20)[last])
    check(snapshot.mfi, textbook.mfi(btc, 14)[last])
    check(snapshot.williamsR, textbook.williamsR(btc, 14)[last])
    check(snapshot.roc, textbook.roc(prices, 10)[last])
    check(snapshot.choppiness, textbook.choppiness(btc, 14)[last])
    check(snapshot.donchian?.lower, textbook.donchian(btc, 20).lower[last])
    check(
      snapshot.volumeSma,
      textbook.sma(
        btc.map((c) => c.volume),
        20,
      )[last],
    )
  })

  it('uses the periods of its config, once each', () => {
    const set = new IndicatorSet(indicatorConfigSchema.parse({ ema: [3, 3], sma: [2], rsi: 2 }))
    for (const candle of btc.slice(0, 3)) set.update(candle)
    const snapshot = set.snapshot()
    expect(Object.keys(snapshot.ema)).toEqual(['3'])
    expect(snapshot.ema['3']).not.toBeNull()
    expect(snapshot.sma['2']).not.toBeNull()
    expect(snapshot.rsi).not.toBeNull()
    expect(snapshot.macd).toBeNull()
  })
})
