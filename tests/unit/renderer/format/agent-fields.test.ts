import { describe, expect, it } from 'vitest'
import {
  formatAgentField,
  formatAgentValue,
  formatConfidenceOrRegime,
} from '../../../../src-renderer/src/format/agent-fields'

describe('formatAgentValue', () => {
  it.each<[string, unknown, string]>([
    ['nothing', null, '—'],
    ['a small number', 0.8, '0.800'],
    ['a price', 58100, '58,100.00'],
    ['a word', 'bullish', 'bullish'],
    ['an empty list', [], '—'],
    [
      'key levels',
      { support: [58100, 57900.5], resistance: [] },
      'support 58,100.00, 57,900.50 · resistance —',
    ],
    [
      'key levels sent as decimal texts',
      { support: ['55080.733', '53400'], resistance: ['1.386941'] },
      'support 55,080.73, 53,400.00 · resistance 1.3869',
    ],
    ['a nested field named in snake case', { stop_loss: 57000 }, 'stop loss 57,000.00'],
    [
      'a nested confidence and regime',
      { regime: 'volatile_bear', confidence: 0.61 },
      'regime Volatile bear · confidence 61%',
    ],
  ])('shows %s readably', (_name, value, text) => {
    expect(formatAgentValue(value)).toBe(text)
  })
})

describe('formatAgentField', () => {
  it.each<[string, unknown, string]>([
    ['confidence', 0.74, '74%'],
    ['regime', 'trending_bull', 'Trending bull'],
    ['trend_strength', 0.74, '0.740'],
    ['signal', 'trending_bull', 'trending_bull'],
  ])('shows %s %s as %s', (name, value, text) => {
    expect(formatAgentField(name, value)).toBe(text)
  })

  it('leaves a confidence or regime of an unexpected type to the caller', () => {
    expect(formatConfidenceOrRegime('confidence', 'high')).toBeNull()
    expect(formatConfidenceOrRegime('regime', 3)).toBeNull()
    expect(formatConfidenceOrRegime('latencyMs', 1400)).toBeNull()
  })
})
