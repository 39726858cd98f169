import fc from 'fast-check'
import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  DecimalScan,
  isDecimalText,
  scanDecimal,
  unitsToText,
} from '../../../src-main/engine/market'
import { scanTimestamp } from '../../../src-main/engine/market/decimal-text'

function scan(text: string): DecimalScan | null {
  const out = new DecimalScan()
  return scanDecimal(text, 0, text.length, out) ? out : null
}

describe('scanDecimal', () => {
  it.each([
    ['58720.45', 58720.45, 5872045, 2, true],
    ['0.00002201', 0.00002201, 2201, 8, true],
    ['61685675', 61685675, 61685675, 0, true],
    ['0', 0, 0, 0, true],
    ['-5.5', -5.5, -1, 1, true],
    ['1e-7', 1e-7, -1, 0, false],
    ['2.5E+3', 2500, -1, 1, false],
    ['1234567890.123456', 1234567890.123456, -1, 6, false],
  ] as const)('reads %s', (text, value, units, scale, isExact) => {
    expect(scan(text)).toMatchObject({ value, units, scale, isExact })
  })

  it.each([
    '',
    '-',
    '.5',
    '5.',
    '1.2.3',
    '1,5',
    ' 1',
    '1 ',
    'NaN',
    'Infinity',
    '0x10',
    '1e',
    '1e+',
    '+1',
    '1e5x',
  ])('refuses %j', (text) => {
    expect(scan(text)).toBeNull()
    expect(isDecimalText(text)).toBe(false)
  })

  it('gives the correctly rounded double, like Number()', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
        fc.integer({ min: 0, max: 15 }),
        (mantissa, scale) => {
          const text = new Decimal(mantissa.toString())
            .div(new Decimal(10).pow(scale))
            .toFixed(scale)
          const result = scan(text)
          expect(result?.value).toBe(Number(text))
          expect(result?.isExact).toBe(true)
          expect(result?.units).toBe(Number(mantissa))
        },
      ),
    )
  })

  it('reads only the given range of a longer text', () => {
    const out = new DecimalScan()
    expect(scanDecimal('x,12.5,y', 2, 6, out)).toBe(true)
    expect(out.value).toBe(12.5)
  })
})

describe('scanTimestamp', () => {
  it.each([
    ['1620604800000', 1620604800000],
    ['0', 0],
    ['', -1],
    ['-1', -1],
    ['16206048e5', -1],
    ['99999999999999999', -1],
  ] as const)('reads %j as %i', (text, expected) => {
    expect(scanTimestamp(text, 0, text.length)).toBe(expected)
  })
})

describe('unitsToText', () => {
  it.each([
    [123, 2, '1.23'],
    [12300, 4, '1.23'],
    [5, 3, '0.005'],
    [500, 2, '5'],
    [0, 8, '0'],
    [42, 0, '42'],
  ] as const)('writes %i × 10^-%i as %s', (units, scale, text) => {
    expect(unitsToText(units, scale)).toBe(text)
  })
})
