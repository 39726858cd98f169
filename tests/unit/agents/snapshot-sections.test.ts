import { describe, expect, it } from 'vitest'
import { flattenIndicators } from '../../../src-main/engine/agents/agent-context'
import { formatNumber, snapshotSections } from '../../../src-main/engine/agents/snapshot-sections'
import { TIER_PROFILES } from '../../../src-main/engine/llm/prompt-templates'
import { aSnapshot } from '../../helpers/llm/snapshots'

describe('snapshotSections', () => {
  it('shows the header, then indicators and candles of the profile timeframes present', () => {
    const sections = snapshotSections(aSnapshot(), TIER_PROFILES.api)
    expect(sections.map((section) => section.name)).toEqual([
      'Market',
      'Indicators 1h',
      'Indicators 4h',
      'Candles 1h (time, open, high, low, close, volume; oldest first)',
      'Candles 4h (time, open, high, low, close, volume; oldest first)',
    ])
    expect(sections[0]).toMatchObject({
      isRequired: true,
      text: 'symbol: BTC/USDT\nprice: 50000\nchange_24h_pct: 1.8\ndata_age_s: 30',
    })
    expect(sections[1]?.text).toContain('ema_9: 49800')
    expect(sections[3]?.text.split('\n')).toHaveLength(30)
    expect(sections[3]?.text.split('\n')[0]).toBe(
      '2024-12-31T23:00:00.000Z 49900 49925 49885 49910 12.5',
    )
    expect(sections[3]?.cutFrom).toBe('start')
    expect(sections[3]!.priority).toBeLessThan(sections[1]!.priority)
  })

  it('keeps only the recent candles a local model gets', () => {
    const sections = snapshotSections(aSnapshot(), TIER_PROFILES.local)
    const candles = sections.find((section) => section.name.startsWith('Candles 1h'))
    expect(candles?.text.split('\n')).toHaveLength(12)
    expect(candles?.text.split('\n')[11]).toContain(' 50200 ')
  })

  it('says so when a timeframe has no indicators, and leaves out empty candle lists', () => {
    const snapshot = aSnapshot({}, { change24hPct: null })
    const bare = { ...snapshot, timeframes: { '1h': { indicators: {}, candles: [] } } }
    const sections = snapshotSections(bare, TIER_PROFILES.api)
    expect(sections.map((section) => [section.name, section.text])).toEqual([
      ['Market', 'symbol: BTC/USDT\nprice: 50000\nchange_24h_pct: n/a\ndata_age_s: 30'],
      ['Indicators 1h', 'none'],
    ])
  })

  it('formats numbers with six significant digits', () => {
    expect(formatNumber(0.123456789)).toBe('0.123457')
    expect(formatNumber(Number.NaN)).toBe('n/a')
    expect(formatNumber(undefined)).toBe('n/a')
  })
})

describe('flattenIndicators', () => {
  it('flattens the market layer snapshot into the names the rules read', () => {
    expect(
      flattenIndicators({
        ema: { '9': 1, '21': null },
        sma: { '20': 2 },
        rsi: 55,
        macd: { macd: 3, signal: 2, histogram: 1 },
        atr: 4,
        adx: { adx: 25, plusDi: 30, minusDi: 10 },
        bollinger: { upper: 11, middle: 10, lower: 9, width: 0.2 },
        donchian: { upper: 12, middle: 10, lower: 8 },
        keltner: null,
        stochRsi: { k: 80, d: 70 },
        supertrend: { value: 9.5, direction: 'down' },
        choppiness: 40,
        cci: 100,
        mfi: 60,
        williamsR: -20,
        roc: 1.5,
        obv: 1000,
        vwap: 10.1,
      }),
    ).toEqual({
      ema_9: 1,
      ema_21: null,
      sma_20: 2,
      rsi: 55,
      macd: 3,
      macd_signal: 2,
      macd_histogram: 1,
      atr: 4,
      adx: 25,
      plus_di: 30,
      minus_di: 10,
      bb_upper: 11,
      bb_middle: 10,
      bb_lower: 9,
      bb_width: 0.2,
      donchian_upper: 12,
      donchian_middle: 10,
      donchian_lower: 8,
      keltner_upper: null,
      keltner_middle: null,
      keltner_lower: null,
      stoch_rsi_k: 80,
      stoch_rsi_d: 70,
      supertrend: 9.5,
      supertrend_direction: -1,
      choppiness: 40,
      cci: 100,
      mfi: 60,
      williams_r: -20,
      roc: 1.5,
      obv: 1000,
      vwap: 10.1,
    })
  })

  it('writes warming-up values as null and leaves out what is absent', () => {
    expect(
      flattenIndicators({
        macd: null,
        adx: null,
        bollinger: null,
        stochRsi: null,
        supertrend: { value: 1, direction: 'up' },
      }),
    ).toEqual({
      macd: null,
      macd_signal: null,
      macd_histogram: null,
      adx: null,
      plus_di: null,
      minus_di: null,
      bb_upper: null,
      bb_middle: null,
      bb_lower: null,
      bb_width: null,
      stoch_rsi_k: null,
      stoch_rsi_d: null,
      supertrend: 1,
      supertrend_direction: 1,
    })
    expect(flattenIndicators({ supertrend: null })).toEqual({
      supertrend: null,
      supertrend_direction: null,
    })
    expect(flattenIndicators({})).toEqual({})
  })
})
