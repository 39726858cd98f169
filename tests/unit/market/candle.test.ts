import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { Candle, compareCandleValues } from '../../../src-main/engine/market'

const strings = {
  timestampMs: 1_620_604_800_000,
  open: '58720.45',
  high: '58840.43',
  low: '58720.44',
  close: '58760.34',
  volume: '61.685675',
}

describe('Candle', () => {
  it('builds from strings with Decimals and a numeric view', () => {
    const result = Candle.fromStrings(strings)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { candle } = result
    expect(candle.open).toBeInstanceOf(Decimal)
    expect(candle.high.toString()).toBe('58840.43')
    expect(candle.low.eq('58720.44')).toBe(true)
    expect(candle.close.toFixed()).toBe('58760.34')
    expect(candle.volume.toFixed()).toBe('61.685675')
    expect(candle.open).toBe(candle.open)
    expect(candle.numeric).toEqual({
      timestampMs: 1_620_604_800_000,
      open: 58720.45,
      high: 58840.43,
      low: 58720.44,
      close: 58760.34,
      volume: 61.685675,
    })
    expect(candle.volumeUnits).toBe(61685675)
    expect(candle.volumeScale).toBe(6)
    expect(candle.isNumericExact).toBe(true)
  })

  it('serialises as strings', () => {
    const result = Candle.fromStrings(strings)
    if (!result.ok) throw new Error(result.rejection.message)
    expect(JSON.parse(JSON.stringify(result.candle))).toEqual(strings)
    expect(result.candle.toStrings()).toEqual(strings)
  })

  it.each([
    ['a malformed price', { ...strings, high: '58,840.43' }, 'MALFORMED_NUMBER'],
    ['a malformed volume', { ...strings, volume: '' }, 'MALFORMED_NUMBER'],
    ['a fractional timestamp', { ...strings, timestampMs: 1.5 }, 'INVALID_TIMESTAMP'],
    ['a negative timestamp', { ...strings, timestampMs: -60_000 }, 'INVALID_TIMESTAMP'],
  ])('refuses %s', (_, fields, code) => {
    const result = Candle.fromStrings(fields)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.rejection.code).toBe(code)
    expect(result.rejection.message).toMatch(new RegExp(`^${code}: timestamp_ms=`))
  })

  it('builds from Decimals, keeping them and writing plain strings', () => {
    const low = new Decimal('0.00000001')
    const candle = Candle.fromDecimals({
      timestampMs: 0,
      open: new Decimal('0.00000002'),
      high: new Decimal('0.00000003'),
      low,
      close: new Decimal('0.00000002'),
      volume: new Decimal('1e3'),
    })
    expect(candle.low).toBe(low)
    expect(candle.lowText).toBe('0.00000001')
    expect(candle.volumeText).toBe('1000')
    expect(candle.numeric.low).toBe(1e-8)
    expect(candle.volumeUnits).toBe(1000)
    expect(candle.isNumericExact).toBe(true)
  })

  it('keeps NaN and infinite Decimals for validation to refuse', () => {
    const candle = Candle.fromDecimals({
      timestampMs: 0,
      open: new Decimal(NaN),
      high: new Decimal(Infinity),
      low: new Decimal(1),
      close: new Decimal(1),
      volume: new Decimal(NaN),
    })
    expect(candle.numeric.open).toBeNaN()
    expect(candle.numeric.high).toBe(Infinity)
    expect(candle.volumeUnits).toBe(-1)
    expect(candle.isNumericExact).toBe(false)
  })
})

describe('compareCandleValues', () => {
  const build = (high: string, low: string) => {
    const result = Candle.fromStrings({
      timestampMs: 0,
      open: low,
      high,
      low,
      close: low,
      volume: '1',
    })
    if (!result.ok) throw new Error(result.rejection.message)
    return result.candle
  }

  it('orders through the numeric view', () => {
    const candle = build('2', '1')
    expect(compareCandleValues(candle, 'high', candle, 'low')).toBe(1)
    expect(compareCandleValues(candle, 'low', candle, 'high')).toBe(-1)
    expect(compareCandleValues(candle, 'low', candle, 'open')).toBe(0)
  })

  it('falls back to the Decimals where doubles cannot tell the values apart', () => {
    // 17 significant digits: both round to the same double.
    const candle = build('1.0000000000000001', '1.0000000000000000')
    expect(candle.numeric.high).toBe(candle.numeric.low)
    expect(candle.isNumericExact).toBe(false)
    expect(compareCandleValues(candle, 'high', candle, 'low')).toBe(1)
    expect(compareCandleValues(candle, 'low', candle, 'high')).toBe(-1)
  })
})
