import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { protectionProblem } from '../../../src-main/engine/services/protection-levels'

const price = new Decimal('100')
const d = (value: string) => new Decimal(value)

describe('new stop-loss and take-profit levels against the price', () => {
  it('accept a long stop below and target above, a short the other way round', () => {
    expect(protectionProblem('long', price, { stopLoss: d('95'), takeProfit: d('110') })).toBeNull()
    expect(
      protectionProblem('short', price, { stopLoss: d('105'), takeProfit: d('90') }),
    ).toBeNull()
    // Removing a level, or not touching it, is always fine.
    expect(protectionProblem('long', price, { stopLoss: null, takeProfit: null })).toBeNull()
    expect(protectionProblem('short', price, {})).toBeNull()
  })

  it('refuse a level that would trigger at once, saying which and why', () => {
    expect(protectionProblem('short', price, { stopLoss: d('100') })).toBe(
      'stop-loss 100 must be above the current price 100 for a short position',
    )
    expect(protectionProblem('short', price, { takeProfit: d('100.5') })).toBe(
      'take-profit 100.5 must be below the current price 100 for a short position',
    )
    expect(protectionProblem('long', price, { takeProfit: d('99.99') })).toBe(
      'take-profit 99.99 must be above the current price 100 for a long position',
    )
    // The stop-loss is named first when both are wrong.
    expect(protectionProblem('long', price, { stopLoss: d('101'), takeProfit: d('99') })).toMatch(
      /^stop-loss 101 must be below/,
    )
  })

  it('judge levels on the price step, as the exchange holds them: one that is 0 there is refused', () => {
    const tick = d('0.1')
    expect(protectionProblem('long', price, { stopLoss: d('0.01') }, tick)).toBe(
      "stop-loss 0.01 is 0 on the market's price step 0.1: the exchange cannot hold it",
    )
    expect(protectionProblem('short', price, { takeProfit: d('0.04') }, tick)).toMatch(
      /^take-profit 0.04 is 0 on the market's price step 0.1/,
    )
    // 99.96 is held as 100.0, the current price: it would trigger at once.
    expect(protectionProblem('long', price, { stopLoss: d('99.96') }, tick)).toBe(
      'stop-loss 100 must be below the current price 100 for a long position',
    )
    expect(protectionProblem('long', price, { stopLoss: d('0.06') }, tick)).toBeNull()
  })
})
