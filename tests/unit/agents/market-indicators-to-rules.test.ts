import { describe, expect, it } from 'vitest'
import {
  flattenIndicators,
  IndicatorSet,
  type IndicatorSnapshot,
} from '../../../src-main/engine/market'
import { regimeByRules } from '../../../src-main/engine/llm/rules/regime-rules'
import { technicalAnalysisByRules } from '../../../src-main/engine/llm/rules/technical-analysis-rules'
import { aSnapshot } from '../../helpers/llm/snapshots'

/** Feeds an IndicatorSet `count` hourly candles drifting by `step` per candle with small swings. */
function indicatorsAfter(
  count: number,
  step: number,
): { values: IndicatorSnapshot; close: number } {
  const set = new IndicatorSet()
  let close = 50_000
  for (let index = 0; index < count; index++) {
    const open = close
    close = open + step + (index % 2 === 0 ? 15 : -10)
    set.update({
      timestampMs: index * 3_600_000,
      open,
      high: Math.max(open, close) + 20,
      low: Math.min(open, close) - 20,
      close,
      volume: 10,
    })
  }
  return { values: set.snapshot(), close }
}

describe('market indicators through the rules', () => {
  it('reads the market layer snapshot under the names the rules expect', () => {
    const { values } = indicatorsAfter(300, 30)
    const flat = flattenIndicators(values)
    for (const name of [
      'ema_9',
      'ema_21',
      'ema_50',
      'ema_200',
      'adx',
      'rsi',
      'macd_histogram',
      'atr',
      'bb_width',
      'donchian_upper',
      'choppiness',
    ]) {
      expect(typeof flat[name], name).toBe('number')
    }
  })

  it.each([
    ['a steady climb', 30, 'bullish', 'long'],
    ['a steady fall', -30, 'bearish', 'short'],
  ] as const)('reads %s as %s with a %s bias', (_label, step, direction, bias) => {
    const { values, close } = indicatorsAfter(300, step)
    const snapshot = aSnapshot(flattenIndicators(values), { price: String(close) })
    expect(technicalAnalysisByRules(snapshot)).toMatchObject({ trend_direction: direction, bias })
    expect(regimeByRules(snapshot).regime).toBe(step > 0 ? 'trending_bull' : 'trending_bear')
  })
})
