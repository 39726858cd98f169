import { describe, expect, it } from 'vitest'
import {
  DASH,
  directionOf,
  formatBytes,
  formatDecimal,
  formatPct,
  formatPrice,
  formatQuantity,
  formatRatio,
  formatQuoteAmount,
  formatUsd,
  pricePlaces,
  sumDecimalTexts,
  toChartNumber,
} from '../../../../src-renderer/src/format/numbers'

describe('number formatting', () => {
  it.each([
    ['12345.678', 2, false, '12,345.68'],
    ['-1234567.5', 1, false, '-1,234,567.5'],
    ['0.005', 2, false, '0.01'],
    ['-0.004', 2, true, '0.00'],
    ['12.3', 2, true, '+12.30'],
    ['-4', 2, true, '-4.00'],
    ['0', 2, true, '0.00'],
    ['not a number', 2, false, DASH],
    [null, 2, false, DASH],
  ] as const)('formatDecimal(%s, %i places, signed=%s) = %s', (value, places, signed, expected) => {
    expect(formatDecimal(value, { places, signed })).toBe(expected)
  })

  it.each([
    ['65000', 2, '65,000.00'],
    ['3.2', 4, '3.2000'],
    ['0.6185', 5, '0.61850'],
    ['0.0000095', 8, '0.00000950'],
  ] as const)('prices show the places their magnitude needs: %s', (value, places, text) => {
    expect(pricePlaces(value)).toBe(places)
    expect(formatPrice(value)).toBe(text)
  })

  it('formats quantities, USD, percentages and ratios', () => {
    expect(formatQuantity('2500.00000000')).toBe('2,500')
    expect(formatQuantity('0.123456789')).toBe('0.12345679')
    expect(formatQuantity(undefined)).toBe(DASH)
    expect(formatUsd('-12.5', true)).toBe('-12.50')
    expect(formatPct('1.254', 2, true)).toBe('+1.25%')
    expect(formatPct(null)).toBe(DASH)
    expect(formatRatio(0.625)).toBe('62.5%')
    expect(formatRatio(null)).toBe(DASH)
  })

  it.each([
    ['1.5', 'up'],
    ['-0.01', 'down'],
    ['0', 'flat'],
    [null, 'flat'],
  ] as const)('direction of %s is %s', (value, direction) => {
    expect(directionOf(value)).toBe(direction)
  })

  it.each([
    [512, '512 B'],
    [4_683_087_332, '4.68 GB'],
    [20_000_000, '20.0 MB'],
    [-1, DASH],
  ])('formatBytes(%i) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it('sums decimal strings exactly and converts to chart numbers', () => {
    expect(sumDecimalTexts(['0.1', '0.2', null, 'x'])).toBe('0.3')
    expect(toChartNumber('1.5')).toBe(1.5)
    expect(toChartNumber('abc')).toBeNull()
    expect(toChartNumber(null)).toBeNull()
  })

  it('shows an amount of a quote asset with its places: cents for USDT, a quantity for BTC', () => {
    expect(formatQuoteAmount('1.3', 'BTC/USDT')).toBe('1.30')
    expect(formatQuoteAmount('0.0000031', 'XRP/BTC')).toBe('0.0000031')
    expect(formatQuoteAmount(null, 'XRP/BTC')).toBe('—')
  })

  it.each([
    ['48.7', 'BTC/USDT', '+48.70'],
    ['-70', 'BTC/USDT', '-70.00'],
    ['0.00001234', 'XRP/BTC', '+0.00001234'],
    ['-0.0000031', 'XRP/BTC', '-0.0000031'],
    ['0', 'XRP/BTC', '0'],
  ] as const)(
    'shows a P&L of %s on %s signed, in its quote asset places: %s',
    (value, symbol, text) => {
      expect(formatQuoteAmount(value, symbol, true)).toBe(text)
    },
  )

  it('keeps a quantity to the places asked, trailing zeros trimmed, signed when asked', () => {
    expect(formatQuantity(54.3219, { maxPlaces: 2 })).toBe('54.32')
    expect(formatQuantity(0.6, { maxPlaces: 3 })).toBe('0.6')
    expect(formatQuantity('0.01', { signed: true })).toBe('+0.01')
    expect(formatQuantity('-0.000000001', { signed: true })).toBe('0')
  })
})
