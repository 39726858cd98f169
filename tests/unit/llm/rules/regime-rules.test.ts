import { describe, expect, it } from 'vitest'
import { regimeOutputSchema, type Regime } from '../../../../src-main/engine/agents/output-schemas'
import { REGIME_POLICY, regimeByRules } from '../../../../src-main/engine/llm/rules/regime-rules'
import { aSnapshot, BEARISH_INDICATORS, BULLISH_INDICATORS } from '../../../helpers/llm/snapshots'

const quiet = { ...BULLISH_INDICATORS, adx: 15, choppiness: 50, atr: 400, bb_width: 0.06 }

describe('regimeByRules', () => {
  it.each<[string, Record<string, number | null>, number | null, Regime]>([
    ['strong aligned uptrend', BULLISH_INDICATORS, 1, 'trending_bull'],
    ['strong aligned downtrend', BEARISH_INDICATORS, -1, 'trending_bear'],
    ['high choppiness and weak ADX', { ...quiet, choppiness: 70 }, 1, 'choppy'],
    ['high ATR % in an uptrend', { ...BULLISH_INDICATORS, atr: 2000 }, 1, 'volatile_bull'],
    ['high ATR % in a downtrend', { ...BEARISH_INDICATORS, atr: 2000 }, -1, 'volatile_bear'],
    [
      'high ATR % without direction',
      { ...quiet, ema_9: 50000, ema_21: 50000, ema_50: 50000, ema_200: 50000, atr: 2000 },
      null,
      'choppy',
    ],
    ['narrow bands and weak ADX', { ...quiet, bb_width: 0.02 }, 1, 'breakout_potential'],
    ['weak ADX, wide bands', quiet, 1, 'ranging'],
    ['nothing known', {}, null, 'ranging'],
  ])('classifies %s as %s', (_label, indicators, change, regime) => {
    const output = regimeByRules(aSnapshot(indicators, { change24hPct: change }))
    expect(output.regime).toBe(regime)
    expect(output.position_size_multiplier).toBe(REGIME_POLICY[regime].multiplier)
    expect(output.entry_strictness).toBe(REGIME_POLICY[regime].strictness)
    expect(regimeOutputSchema.parse(output)).toEqual(output)
  })

  it('derives Bollinger width from the bands when it is not given', () => {
    const output = regimeByRules(
      aSnapshot({ ...quiet, bb_width: null, bb_upper: 50500, bb_middle: 50000, bb_lower: 49500 }),
    )
    expect(output.regime).toBe('breakout_potential')
    expect(output.reasoning).toContain('bb_width=0.02')
  })

  it('takes direction from the 24 h change when the EMAs are flat', () => {
    const flat = {
      ...BULLISH_INDICATORS,
      ema_9: 50000,
      ema_21: 50000,
      ema_50: 50000,
      ema_200: 50000,
    }
    const down = regimeByRules(aSnapshot({ ...flat, atr: 2000 }, { change24hPct: -4 }))
    expect(down.regime).toBe('volatile_bear')
  })

  it('is more confident with more indicators', () => {
    const full = regimeByRules(aSnapshot(BULLISH_INDICATORS))
    const sparse = regimeByRules(
      aSnapshot({ ...BULLISH_INDICATORS, choppiness: null, bb_width: null, bb_upper: null }),
    )
    expect(sparse.regime).toBe('trending_bull')
    expect(sparse.confidence).toBeLessThan(full.confidence)
  })
})
