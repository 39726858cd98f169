import { describe, expect, it } from 'vitest'
import { formatValue } from '../../../../src-renderer/src/components/snapshot-panel'

describe('snapshot panel values', () => {
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
  ])('shows %s readably', (_name, value, text) => {
    expect(formatValue(value)).toBe(text)
  })
})
