import Decimal from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { splitIntoBatches } from '../../../src-main/engine/portfolio'

const d = (value: string | number) => new Decimal(value)
const split = (amount: string, maxBatches = 6, minTradeUsd = '10') =>
  splitIntoBatches(d(amount), { maxBatches, minTradeUsd: d(minTradeUsd) }).map((batch) =>
    batch.toFixed(),
  )
const sum = (batches: string[]) => batches.reduce((total, batch) => total.plus(batch), d(0))

describe('splitIntoBatches', () => {
  it.each([
    // amount, batches, min, expected
    ['600', 6, '10', ['100', '100', '100', '100', '100', '100']],
    ['1000', 6, '10', ['166.66', '166.66', '166.66', '166.66', '166.66', '166.7']],
    ['500.01', 6, '10', ['83.33', '83.33', '83.33', '83.33', '83.33', '83.36']],
    ['1000.05', 3, '10', ['333.35', '333.35', '333.35']],
    ['0.05', 6, '0', ['0.01', '0.01', '0.01', '0.01', '0.01']],
  ])(
    'splits %s into at most %i batches (min %s) that sum exactly',
    (amount, max, min, expected) => {
      const batches = split(amount, max, min)
      expect(batches).toEqual(expected)
      expect(sum(batches).toFixed()).toBe(d(amount).toFixed())
    },
  )

  it.each([
    // 510 in 6 would be 85 each; with a $100 minimum only 5 batches of 102 fit.
    ['510', 6, '100', ['102', '102', '102', '102', '102']],
    ['550', 6, '200', ['275', '275']],
    ['399.99', 6, '200', ['399.99']],
    ['600', 6, '100.01', ['120', '120', '120', '120', '120']],
  ])(
    'reduces the count when batches of %s would fall below the minimum',
    (amount, max, min, expected) => {
      const batches = split(amount, max, min)
      expect(batches).toEqual(expected)
      for (const batch of batches) expect(d(batch).gte(min)).toBe(true)
      expect(sum(batches).toFixed()).toBe(d(amount).toFixed())
    },
  )

  it('keeps one batch when asked for one', () => {
    expect(split('1234.56', 1)).toEqual(['1234.56'])
  })

  it('keeps the exact remainder of an amount with more than two decimals', () => {
    const batches = split('100.005', 2, '0')
    expect(batches).toEqual(['50', '50.005'])
  })

  it.each([
    ['0', 6, 'amount=0 must be positive'],
    ['-5', 6, 'amount=-5 must be positive'],
    ['10', 0, 'maxBatches=0 must be a whole number >= 1'],
    ['10', 2.5, 'maxBatches=2.5 must be a whole number >= 1'],
  ])('refuses amount %s with %s batches', (amount, max, message) => {
    expect(() => split(amount, max)).toThrow(message)
  })

  it('always sums exactly, never exceeds the count, never falls below the minimum (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 50_000 }),
        (cents, maxBatches, minCents) => {
          const amount = d(cents).div(100)
          const minimum = d(minCents).div(100)
          const batches = splitIntoBatches(amount, { maxBatches, minTradeUsd: minimum })
          const total = batches.reduce((acc, batch) => acc.plus(batch), d(0))
          expect(total.equals(amount)).toBe(true)
          expect(batches.length).toBeLessThanOrEqual(maxBatches)
          if (batches.length > 1) {
            for (const batch of batches) expect(batch.gte(minimum)).toBe(true)
          }
          // Only the last batch differs, and by less than a cent per batch.
          const first = batches[0] as Decimal
          const last = batches[batches.length - 1] as Decimal
          expect(last.minus(first).gte(0)).toBe(true)
          expect(last.minus(first).lt(d(batches.length).div(100))).toBe(true)
        },
      ),
    )
  })
})
