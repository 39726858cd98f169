import { describe, expect, it } from 'vitest'
import type { NumericCandle } from '../../../src-main/engine/market'
import { volatilityReading } from '../../../src-main/engine/wiring/volatility-reading'
import { minute } from '../../helpers/market/candles'

/** A 1-minute candle opening `index` minutes after 2021-05-10T00:00Z that closed at `close`. */
const closedAt = (index: number, close: number): NumericCandle => ({
  timestampMs: minute(index),
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
})

describe('volatilityReading', () => {
  it('gives the ATR as a percent of the latest close and the move from the close a window back', () => {
    const reading = volatilityReading(
      'BTC/USDT',
      closedAt(120, 45_000),
      900,
      closedAt(60, 50_000),
      60,
    )
    expect(reading.symbol).toBe('BTC/USDT')
    expect(reading.atrPct).toBeCloseTo(2, 12)
    // A fall keeps its sign; the breaker weighs its size.
    expect(reading.priceMovePct).toBeCloseTo(-10, 12)
  })

  it('gives a rise as a positive move', () => {
    const reading = volatilityReading('XRP/USDT', closedAt(30, 1.1), null, closedAt(0, 1), 30)
    expect(reading.priceMovePct).toBeCloseTo(10, 12)
  })

  it.each([
    {
      name: 'the ATR warming up',
      atr: null,
      past: closedAt(60, 100),
      hasAtr: false,
      hasMove: true,
    },
    { name: 'no candle that far back', atr: 2.1, past: null, hasAtr: true, hasMove: false },
    { name: 'both missing', atr: null, past: null, hasAtr: false, hasMove: false },
  ])('gives null for the part missing with $name', ({ atr, past, hasAtr, hasMove }) => {
    const reading = volatilityReading('BTC/USDT', closedAt(120, 105), atr, past, 60)
    expect(reading.atrPct).toBe(hasAtr ? 2 : null)
    expect(reading.priceMovePct).toBe(hasMove ? 5 : null)
  })

  it.each<[number, number | null]>([
    // [past candle's minute, move or null] for the latest at minute 120 and a 60-minute window
    [60, -10],
    // The minute a window back is missing: the one before it stands in.
    [59, -10],
    [1, -10],
    // More than another window back: the move spans an unknown stretch, no reading.
    [0, null],
    // Not yet a window back: the history cannot hold this, but a wrong past is no reading.
    [61, null],
  ])('takes a past candle at minute %i as %s', (pastMinute, move) => {
    const reading = volatilityReading(
      'BTC/USDT',
      closedAt(120, 90),
      null,
      closedAt(pastMinute, 100),
      60,
    )
    expect(reading.priceMovePct === null ? null : Math.round(reading.priceMovePct)).toBe(move)
  })

  it('gives no reading from prices that are not positive', () => {
    expect(volatilityReading('BTC/USDT', closedAt(120, 0), 1, closedAt(60, 0), 60)).toEqual({
      symbol: 'BTC/USDT',
      atrPct: null,
      priceMovePct: null,
    })
  })
})
