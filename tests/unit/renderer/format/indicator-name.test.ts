import { describe, expect, it } from 'vitest'
import { indicatorName } from '../../../../src-renderer/src/format/indicator-name'

describe('indicatorName', () => {
  it('names moving averages by kind and period', () => {
    expect(indicatorName('ema_9')).toBe('EMA 9')
    expect(indicatorName('sma_200')).toBe('SMA 200')
  })

  it('uses the usual names and abbreviations', () => {
    expect(indicatorName('rsi')).toBe('RSI')
    expect(indicatorName('macd_histogram')).toBe('MACD histogram')
    expect(indicatorName('bb_percent_b')).toBe('Bollinger %B')
    expect(indicatorName('stoch_rsi_k')).toBe('Stoch RSI %K')
    expect(indicatorName('minus_di')).toBe('−DI')
    expect(indicatorName('williams_r')).toBe('Williams %R')
  })

  it('puts a key it does not know into capitalised words', () => {
    expect(indicatorName('keltner_upper')).toBe('Keltner upper')
    expect(indicatorName('supertrend_direction')).toBe('Supertrend direction')
  })
})
