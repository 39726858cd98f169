import { describe, expect, it } from 'vitest'
import { flattenIndicators, IndicatorSet } from '../../../src-main/engine/market'
import { loadResourceCandles } from '../../helpers/market/candles'
import { toTextbookKeys } from '../../helpers/market/flat-keys'
import { flattenSnapshot } from '../../helpers/market/textbook-snapshot'

/** The names the agents' rules provider reads (agents/agent-context.ts INDICATOR_NAMES). */
const AGENT_NAMES = [
  'ema_9',
  'ema_21',
  'ema_50',
  'ema_200',
  'adx',
  'rsi',
  'macd',
  'macd_signal',
  'macd_histogram',
  'atr',
  'bb_upper',
  'bb_middle',
  'bb_lower',
  'bb_width',
  'donchian_upper',
  'donchian_lower',
  'choppiness',
]

describe('flattenIndicators', () => {
  it('names every indicator value of a set, the agents’ names included', () => {
    const set = new IndicatorSet()
    for (const candle of loadResourceCandles('BTCUSDT_1m.csv').slice(0, 300))
      set.update(candle.numeric)
    const snapshot = set.snapshot()
    const flat = flattenIndicators(snapshot)
    expect(Object.keys(flat)).toEqual(expect.arrayContaining(AGENT_NAMES))
    expect(Object.values(flat).every((value) => typeof value === 'number')).toBe(true)
    // The same values as the snapshot, only renamed.
    expect(toTextbookKeys(flat)).toEqual(flattenSnapshot(snapshot))
    expect(flat.supertrend_direction).toBe(snapshot.supertrend?.direction === 'up' ? 1 : -1)
  })

  it('gives null for every value while warming up', () => {
    const flat = flattenIndicators(new IndicatorSet().snapshot())
    expect(Object.values(flat).every((value) => value === null)).toBe(true)
    expect(Object.keys(flat)).toEqual(expect.arrayContaining(AGENT_NAMES))
  })

  it('reads a downtrend’s supertrend direction as −1', () => {
    const set = new IndicatorSet()
    const snapshot = { ...set.snapshot(), supertrend: { value: 1, direction: 'down' as const } }
    expect(flattenIndicators(snapshot).supertrend_direction).toBe(-1)
  })
})
