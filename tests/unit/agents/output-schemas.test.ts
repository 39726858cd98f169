import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { priceValue } from '../../../src-main/engine/agents/output-schemas'

/** What the price field returned before canonical strings were passed through. */
function throughDecimal(value: number | string): string | null {
  try {
    const decimal = new Decimal(value)
    return decimal.isFinite() && decimal.greaterThan(0) ? decimal.toFixed() : null
  } catch {
    return null
  }
}

describe('priceValue', () => {
  it.each<number | string>([
    '50000',
    '0.00012345',
    '1.5',
    '123456789012345678901234567890.123456789012345678901',
    '1.50',
    '01.5',
    '.5',
    '1.',
    '1e5',
    '1E-8',
    '+3',
    ' 7',
    '0',
    '0.000',
    '-2',
    'abc',
    '',
    '1.2.3',
    'Infinity',
    50_000,
    0.1 + 0.2,
    1e-9,
    -1,
    0,
  ])('reads %j as a canonical decimal string or refuses it', (value) => {
    const parsed = priceValue.safeParse(value)
    const expected = throughDecimal(value)
    expect(parsed.success ? parsed.data : null).toBe(expected)
  })
})
