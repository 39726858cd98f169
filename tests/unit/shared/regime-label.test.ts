import { describe, expect, it } from 'vitest'
import { formatRegime } from '../../../src-shared/regime-label'

describe('formatRegime', () => {
  it.each([
    ['trending_bull', 'Trending bull'],
    ['trending_bear', 'Trending bear'],
    ['ranging', 'Ranging'],
    ['volatile_bull', 'Volatile bull'],
    ['volatile_bear', 'Volatile bear'],
    ['choppy', 'Choppy'],
    ['breakout_potential', 'Breakout potential'],
    // A regime the engine might add later, or a model's camelCase answer, still reads as words.
    ['highVolatility', 'High volatility'],
    ['', ''],
  ])('%s reads "%s"', (regime, label) => {
    expect(formatRegime(regime)).toBe(label)
  })
})
