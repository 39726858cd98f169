import { describe, expect, it } from 'vitest'
import { technicalAnalysisOutputSchema } from '../../../../src-main/engine/agents/output-schemas'
import Decimal from 'decimal.js'
import {
  technicalAnalysisByRules,
  toPrice,
} from '../../../../src-main/engine/llm/rules/technical-analysis-rules'
import { aSnapshot, BEARISH_INDICATORS, BULLISH_INDICATORS } from '../../../helpers/llm/snapshots'

describe('technicalAnalysisByRules', () => {
  it('reads a clean uptrend as bullish with a long bias', () => {
    const output = technicalAnalysisByRules(aSnapshot(BULLISH_INDICATORS))
    expect(output).toMatchObject({ trend_direction: 'bullish', bias: 'long', trend_strength: 0.64 })
    expect(output.momentum_score).toBeGreaterThan(0)
    expect(output.confidence).toBeGreaterThan(0.4)
    expect(technicalAnalysisOutputSchema.parse(output)).toEqual(output)
  })

  it('reads a clean downtrend as bearish with a short bias', () => {
    const output = technicalAnalysisByRules(aSnapshot(BEARISH_INDICATORS))
    expect(output).toMatchObject({ trend_direction: 'bearish', bias: 'short' })
    expect(output.momentum_score).toBeLessThan(0)
  })

  it('calls an aligned market without ADX strength neutral', () => {
    const output = technicalAnalysisByRules(aSnapshot({ ...BULLISH_INDICATORS, adx: 12 }))
    expect(output).toMatchObject({ trend_direction: 'neutral', bias: 'neutral' })
  })

  it('stays neutral-biased when momentum disagrees with the trend', () => {
    const output = technicalAnalysisByRules(
      aSnapshot({ ...BULLISH_INDICATORS, rsi: 30, macd_histogram: -200 }),
    )
    expect(output).toMatchObject({ trend_direction: 'bullish', bias: 'neutral' })
  })

  it('puts key levels below price in support (nearest first) and above in resistance', () => {
    const output = technicalAnalysisByRules(aSnapshot(BULLISH_INDICATORS))
    expect(output.key_levels).toEqual({
      support: ['48800', '48200'],
      resistance: ['50600', '50800'],
    })
  })

  it('rounds key levels to 8 digits and drops those that round onto the price', () => {
    const output = technicalAnalysisByRules(
      aSnapshot({
        ...BULLISH_INDICATORS,
        bb_lower: 49_999.999_912,
        bb_upper: 50_000.000_04,
        donchian_lower: 49_999.999_4,
        donchian_upper: 50_000.000_61,
      }),
    )
    expect(output.key_levels).toEqual({ support: ['49999.999'], resistance: ['50000.001'] })
  })

  it('orders levels that differ only in the last of 8 digits', () => {
    const output = technicalAnalysisByRules(
      aSnapshot(
        {
          ...BULLISH_INDICATORS,
          bb_lower: 0.123_456_71,
          bb_upper: 0.123_456_79,
          donchian_lower: 0.123_456_72,
          donchian_upper: 0.123_456_78,
        },
        { price: '0.12345675' },
      ),
    )
    expect(output.key_levels).toEqual({
      support: ['0.12345672', '0.12345671'],
      resistance: ['0.12345678', '0.12345679'],
    })
  })

  it('splits the same frozen levels afresh for every price', () => {
    const indicators = Object.freeze({ ...BULLISH_INDICATORS })
    const at = (price: string) =>
      technicalAnalysisByRules(aSnapshot(indicators, { price })).key_levels
    expect(at('50000')).toEqual({ support: ['48800', '48200'], resistance: ['50600', '50800'] })
    expect(at('50700')).toEqual({
      support: ['50600', '48800', '48200'],
      resistance: ['50800'],
    })
    expect(at('48000')).toEqual({ support: [], resistance: ['48200', '48800', '50600', '50800'] })
  })

  it('reads levels that are not frozen again on every call', () => {
    const indicators: Record<string, number | null> = { ...BULLISH_INDICATORS }
    const snapshot = aSnapshot(indicators)
    expect(technicalAnalysisByRules(snapshot).key_levels.resistance).toEqual(['50600', '50800'])
    indicators.bb_upper = 50_700
    expect(technicalAnalysisByRules(snapshot).key_levels.resistance).toEqual(['50700', '50800'])
  })

  it('loses confidence as indicators go missing, down to zero with none', () => {
    const full = technicalAnalysisByRules(aSnapshot(BULLISH_INDICATORS))
    const partial = technicalAnalysisByRules(
      aSnapshot({ ...BULLISH_INDICATORS, rsi: null, macd_histogram: Number.NaN }),
    )
    const empty = technicalAnalysisByRules(aSnapshot({}))
    expect(partial.confidence).toBeLessThan(full.confidence)
    expect(empty).toMatchObject({
      trend_direction: 'neutral',
      bias: 'neutral',
      confidence: 0,
      momentum_score: 0,
      key_levels: { support: [], resistance: [] },
    })
  })

  it('falls back to another timeframe, and to none at all', () => {
    const snapshot = aSnapshot(BULLISH_INDICATORS)
    const only15m = { ...snapshot, timeframes: { '15m': snapshot.timeframes['1h']! } }
    expect(technicalAnalysisByRules(only15m).trend_direction).toBe('bullish')
    const odd = { ...snapshot, timeframes: { '2h': snapshot.timeframes['1h']! } }
    expect(technicalAnalysisByRules(odd).trend_direction).toBe('bullish')
    expect(technicalAnalysisByRules({ ...snapshot, timeframes: {} }).confidence).toBe(0)
  })

  it('uses 1 % of price to scale MACD when ATR is missing', () => {
    const output = technicalAnalysisByRules(aSnapshot({ ...BULLISH_INDICATORS, atr: null }))
    expect(output.momentum_score).toBeGreaterThan(0)
  })

  it('is deterministic', () => {
    const snapshot = aSnapshot(BULLISH_INDICATORS)
    expect(JSON.stringify(technicalAnalysisByRules(snapshot))).toBe(
      JSON.stringify(technicalAnalysisByRules(snapshot)),
    )
  })
})

describe('toPrice', () => {
  it.each([
    50_600,
    0.1 + 0.2,
    1.000_000_05,
    12_345_678.5,
    99_999_999.5,
    123_456_789_000,
    1e-7,
    1.5e-7,
    2.5e-8,
    1e21,
    0.000_123_45,
    57_321.45,
    57_321.452_345_2,
  ])('prints %s as its decimal rounded to 8 significant digits', (value) => {
    expect(toPrice(value)).toBe(new Decimal(value).toSignificantDigits(8).toFixed())
  })
})
