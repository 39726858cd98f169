import { describe, expect, it } from 'vitest'
import { toSnapshotCandle } from '../../../src-main/engine/market/market-snapshot'
import { snapshotCandleWindow } from '../../../src-main/engine/market/snapshot-candle-window'
import { aCandle, minute } from '../../helpers/market/candles'

const candles = Array.from({ length: 6 }, (_, index) =>
  aCandle(minute(index))
    .ohlc('100', '102', '99', String(100 + index))
    .build(),
)

describe('snapshotCandleWindow', () => {
  it('maps candles to frozen snapshot candles, oldest first', () => {
    const window = snapshotCandleWindow(candles.slice(0, 3))
    expect(window.candles).toEqual(candles.slice(0, 3).map(toSnapshotCandle))
    expect(Object.isFrozen(window.candles)).toBe(true)
    expect(window.candles.every((candle) => Object.isFrozen(candle))).toBe(true)
  })

  it('reuses the snapshot candles of the previous window when the window moved on', () => {
    const first = snapshotCandleWindow(candles.slice(0, 4))
    const second = snapshotCandleWindow(candles.slice(1, 5), first)
    expect(second.candles).toEqual(candles.slice(1, 5).map(toSnapshotCandle))
    expect(second.candles.slice(0, 3)).toEqual(first.candles.slice(1, 4))
    second.candles.slice(0, 3).forEach((candle, index) => {
      expect(candle).toBe(first.candles[index + 1])
    })
    expect(Object.isFrozen(second.candles[3])).toBe(true)
  })

  it('maps afresh a candle that replaced the one the previous window held', () => {
    const first = snapshotCandleWindow(candles.slice(0, 3))
    const corrected = aCandle(minute(2)).ohlc('100', '103', '98', '101.5').build()
    const second = snapshotCandleWindow([candles[0]!, candles[1]!, corrected], first)
    expect(second.candles[1]).toBe(first.candles[1])
    expect(second.candles[2]).toEqual(toSnapshotCandle(corrected))
  })

  it('maps everything afresh when no candle is shared, and handles an empty window', () => {
    const first = snapshotCandleWindow(candles.slice(0, 2))
    const second = snapshotCandleWindow(candles.slice(3, 6), first)
    expect(second.candles).toEqual(candles.slice(3, 6).map(toSnapshotCandle))
    expect(snapshotCandleWindow([], first).candles).toEqual([])
  })
})
