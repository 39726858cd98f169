import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { Candle, validateCandle, type CandleRejectionCode } from '../../../src-main/engine/market'
import { aCandle } from '../../helpers/market/candles'

const T = 1_620_604_800_000

describe('validateCandle', () => {
  it.each([
    ['an ordinary candle', '10', '12', '9', '11', '3'],
    ['a flat candle with zero volume', '5', '5', '5', '5', '0'],
    ['high equal to the close and low equal to the open', '10', '11', '10', '11', '1'],
    ['tiny XRP/BTC prices', '0.00002208', '0.00002209', '0.0000219', '0.00002201', '758892'],
  ])('accepts %s', (_, open, high, low, close, volume) => {
    expect(
      validateCandle(aCandle(T).ohlc(open, high, low, close).volume(volume).build(), '1m'),
    ).toBeNull()
  })

  it.each<[string, string, string, string, string, string, CandleRejectionCode]>([
    ['a zero open', '0', '12', '9', '11', '1', 'NON_POSITIVE_PRICE'],
    ['a negative low', '10', '12', '-9', '11', '1', 'NON_POSITIVE_PRICE'],
    ['a negative volume', '10', '12', '9', '11', '-1', 'NEGATIVE_VOLUME'],
    ['high below low', '10', '8', '9', '8.5', '1', 'HIGH_BELOW_LOW'],
    ['high below the open', '13', '12', '9', '11', '1', 'HIGH_BELOW_OPEN_CLOSE'],
    ['high below the close', '10', '12', '9', '12.5', '1', 'HIGH_BELOW_OPEN_CLOSE'],
    ['low above the open', '9.5', '12', '10', '11', '1', 'LOW_ABOVE_OPEN_CLOSE'],
    ['low above the close', '10', '12', '9', '8', '1', 'LOW_ABOVE_OPEN_CLOSE'],
    [
      'a price too large for a double',
      '10',
      `1${'0'.repeat(400)}`,
      '9',
      '11',
      '1',
      'NON_FINITE_PRICE',
    ],
  ])('refuses %s', (_, open, high, low, close, volume, code) => {
    const rejection = validateCandle(aCandle(T).ohlc(open, high, low, close).volume(volume).build())
    expect(rejection?.code).toBe(code)
    expect(rejection?.message).toMatch(new RegExp(`^${code}: timestamp_ms=${T} `))
  })

  it.each<[string, Partial<Record<'open' | 'high' | 'volume', Decimal>>, CandleRejectionCode]>([
    ['a NaN price', { open: new Decimal(NaN) }, 'NON_FINITE_PRICE'],
    ['an infinite price', { high: new Decimal(Infinity) }, 'NON_FINITE_PRICE'],
    ['a NaN volume', { volume: new Decimal(NaN) }, 'NON_FINITE_VOLUME'],
    ['an infinite volume', { volume: new Decimal(Infinity) }, 'NON_FINITE_VOLUME'],
  ])('refuses %s', (_, override, code) => {
    const candle = Candle.fromDecimals({
      timestampMs: T,
      open: new Decimal(10),
      high: new Decimal(12),
      low: new Decimal(9),
      close: new Decimal(11),
      volume: new Decimal(1),
      ...override,
    })
    expect(validateCandle(candle)?.code).toBe(code)
  })

  it('compares exactly where doubles cannot (17 significant digits)', () => {
    const candle = aCandle(T).ohlc('1.0000000000000001', '1.0000000000000000', '0.9', '1').build()
    expect(candle.numeric.high).toBe(candle.numeric.open)
    expect(validateCandle(candle)?.code).toBe('HIGH_BELOW_OPEN_CLOSE')
  })

  it('accepts a sound candle whose values need more digits than a double holds', () => {
    const candle = aCandle(T)
      .ohlc(
        '1.00000000000000001',
        '1.00000000000000003',
        '1.00000000000000001',
        '1.00000000000000002',
      )
      .volume('0.123456789012345678')
      .build()
    expect(candle.isNumericExact).toBe(false)
    expect(validateCandle(candle)).toBeNull()
  })

  it('refuses a timestamp that is not on the timeframe', () => {
    const rejection = validateCandle(aCandle(T + 60_000).build(), '5m')
    expect(rejection?.code).toBe('TIMESTAMP_NOT_ALIGNED')
    expect(rejection?.message).toBe(
      `TIMESTAMP_NOT_ALIGNED: timestamp_ms=${T + 60_000} timeframe=5m`,
    )
    expect(validateCandle(aCandle(T + 60_000).build())).toBeNull()
  })

  it('refuses an invalid timestamp', () => {
    const candle = Candle.fromDecimals({
      timestampMs: 1.5,
      open: new Decimal(1),
      high: new Decimal(1),
      low: new Decimal(1),
      close: new Decimal(1),
      volume: new Decimal(1),
    })
    expect(validateCandle(candle)?.code).toBe('INVALID_TIMESTAMP')
  })
})
