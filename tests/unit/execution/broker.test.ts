import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  isBelowMinimumOrder,
  minimumOrderCost,
} from '../../../src-main/engine/execution/broker/broker'

const d = (value: string) => new Decimal(value)
// Kraken's BTC/USDT minimums: 0.0001 BTC and 0.5 USDT.
const rules = { minSize: d('0.0001'), minCost: d('0.5') }

describe('the market minimum order', () => {
  it.each([
    ['the minimum size costs more than the minimum cost', '65000', '6.5'],
    ['the minimum cost is more than the minimum size costs', '1000', '0.5'],
    ['both are equal', '5000', '0.5'],
  ])('costs the higher of the two when %s', (_case, price, cost) => {
    expect(minimumOrderCost(rules, d(price)).toFixed()).toBe(cost)
  })

  it.each([
    ['below the minimum size', '0.00009', '65000', true],
    ['below the minimum cost', '0.0002', '1000', true],
    ['at both minimums', '0.0001', '5000', false],
    ['above both minimums', '0.01', '65000', false],
  ])('refuses an order %s', (_case, size, price, isBelow) => {
    expect(isBelowMinimumOrder(rules, d(size), d(price))).toBe(isBelow)
  })

  it('costs just enough: an order of that cost at that price is not below the minimum', () => {
    for (const price of ['65000', '1000', '0.25']) {
      const cost = minimumOrderCost(rules, d(price))
      expect(isBelowMinimumOrder(rules, cost.dividedBy(price), d(price))).toBe(false)
    }
  })
})
