import { describe, expect, it } from 'vitest'
import { detailText } from '../../../../src-renderer/src/format/trace-detail'

describe('detailText', () => {
  it('shows a confidence and a regime as every view does', () => {
    expect(detailText({ confidence: 0.68, trend: 'bullish' })).toBe('confidence=68%  trend=bullish')
    expect(detailText({ regime: 'trending_bull' })).toBe('regime=Trending bull')
  })

  it('spreads an agent output into its fields instead of a JSON line', () => {
    expect(
      detailText({
        output: { regime: 'choppy', confidence: 0.55, position_size_multiplier: 0.5 },
        error: null,
        latencyMs: 1400,
      }),
    ).toBe(
      'output.regime=Choppy  output.confidence=55%  output.position_size_multiplier=0.5  error=null  latencyMs=1400',
    )
  })

  it('keeps lists as JSON and leaves out empty records', () => {
    expect(detailText({ conflicts: [{ type: 'ta_vs_sentiment' }], modifications: {} })).toBe(
      'conflicts=[{"type":"ta_vs_sentiment"}]',
    )
  })
})
