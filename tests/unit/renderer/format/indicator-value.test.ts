import { describe, expect, it } from 'vitest'
import {
  formatIndicatorFull,
  formatIndicatorReading,
  formatIndicatorValue,
} from '../../../../src-renderer/src/format/indicator-value'
import { formatDecimal } from '../../../../src-renderer/src/format/numbers'

describe('formatIndicatorValue', () => {
  it.each<[string, number | null | undefined, string]>([
    ['a BTC average to the dollar', 57_712.608437413146, '57,713'],
    ['an OBV in the thousands', -9_484.281579, '-9,484.3'],
    ['an ATR', 85.441393203768, '85.441'],
    ['an XRP average to four places', 1.540163806030723, '1.5402'],
    ['a ratio under 1', 0.31013471953389543, '0.3101'],
    ['a band width', 0.006048048210628079, '0.006048'],
    ['an XRP MACD', -0.004102630492302417, '-0.004103'],
    ['an XRP/BTC average', 2.6702042648142335e-5, '2.670e-5'],
    ['an XRP/BTC MACD', -5.55128063542095e-8, '-5.551e-8'],
    ['a volume average in the hundred thousands', 684_807.18, '684.8K'],
    ['an XRP OBV in the millions', -122_061_592.44, '-122.1M'],
    ['a whole number', 57_605, '57,605'],
    ['a direction', -1, '-1'],
    ['zero', 0, '0'],
    ['a negative zero, without its sign', -0, '0'],
    ['nothing yet', null, '—'],
    ['a missing timeframe', undefined, '—'],
  ])('shows %s short: %s → %s', (_name, value, text) => {
    expect(formatIndicatorValue(value)).toBe(text)
  })

  it.each<[number, number]>([
    [57_712.608437413146, 0],
    [85.441393203768, 3],
    [1.00005, 4],
    [-1.23455, 4],
    [0.31013471953389543, 4],
    [0.0012345, 6],
  ])('shows %s as formatDecimal does at %i places', (value, places) => {
    expect(formatIndicatorValue(value)).toBe(formatDecimal(value, { places }))
  })

  it('keeps every short form within nine characters', () => {
    for (let value = 1e-9; value < 1e10; value *= 3.7) {
      expect(formatIndicatorValue(value).length).toBeLessThanOrEqual(9)
      expect(formatIndicatorValue(-value).length).toBeLessThanOrEqual(9)
    }
  })
})

describe('formatIndicatorFull', () => {
  it.each<[number | null, string]>([
    [57_712.608437413146, '57,712.60844'],
    [2.6702042648142335e-5, '0.00002670204265'],
    [-122_061_592.44, '-122,061,592.4'],
    [null, '—'],
  ])('shows %s in full as %s', (value, text) => {
    expect(formatIndicatorFull(value)).toBe(text)
  })
})

describe('formatIndicatorReading', () => {
  it('reads a direction indicator as up or down', () => {
    expect(formatIndicatorReading('supertrend_direction', 1)).toBe('up')
    expect(formatIndicatorReading('supertrend_direction', -1)).toBe('down')
    expect(formatIndicatorReading('supertrend_direction', null)).toBe('—')
  })

  it('reads any other indicator as a value', () => {
    expect(formatIndicatorReading('rsi', 47.313365690469084)).toBe('47.313')
    expect(formatIndicatorReading('roc', -1)).toBe('-1')
  })
})
