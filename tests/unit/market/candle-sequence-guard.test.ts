import { describe, expect, it } from 'vitest'
import { candleRejection, CandleSequenceGuard } from '../../../src-main/engine/market'
import { aCandle, minute } from '../../helpers/market/candles'

describe('CandleSequenceGuard', () => {
  it('accepts increasing timestamps, gaps included', () => {
    const guard = new CandleSequenceGuard('BTC/USDT', '1m')
    expect(guard.lastTimestampMs).toBeNull()
    expect(guard.accept(aCandle(minute(0)).build())).toBeNull()
    expect(guard.accept(aCandle(minute(5)).build())).toBeNull()
    expect(guard.lastTimestampMs).toBe(minute(5))
  })

  it.each([
    ['the same timestamp', 5, 'DUPLICATE_TIMESTAMP'],
    ['an earlier timestamp', 4, 'OUT_OF_ORDER_TIMESTAMP'],
  ])('refuses %s and keeps its place', (_, index, code) => {
    const guard = new CandleSequenceGuard('XRP/USDT', '1m')
    guard.accept(aCandle(minute(5)).build())
    const rejection = guard.accept(aCandle(minute(index)).build())
    expect(rejection).toEqual({
      code,
      message: `${code}: symbol=XRP/USDT timeframe=1m timestamp_ms=${minute(index)} last_timestamp_ms=${minute(5)}`,
    })
    expect(guard.lastTimestampMs).toBe(minute(5))
    expect(guard.accept(aCandle(minute(6)).build())).toBeNull()
  })

  it('resumes after a stored candle and can be reset', () => {
    const guard = new CandleSequenceGuard('BTC/USDT', '1m', minute(10))
    expect(guard.accept(aCandle(minute(10)).build())?.code).toBe('DUPLICATE_TIMESTAMP')
    guard.reset()
    expect(guard.accept(aCandle(minute(1)).build())).toBeNull()
    guard.reset(minute(3))
    expect(guard.lastTimestampMs).toBe(minute(3))
  })
})

describe('candleRejection', () => {
  it('writes the code and its context as key=value pairs', () => {
    expect(candleRejection('NEGATIVE_VOLUME', { timestamp_ms: 1, volume: '-2' })).toEqual({
      code: 'NEGATIVE_VOLUME',
      message: 'NEGATIVE_VOLUME: timestamp_ms=1 volume=-2',
    })
    expect(candleRejection('BAD_HEADER', {}).message).toBe('BAD_HEADER')
  })
})
