import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  favourableMovePct,
  grossPnl,
  InvalidPositionError,
  unrealizedPnl,
  unrealizedPnlPct,
  validatePosition,
} from '../../../src-main/engine/execution/position'
import { aPosition } from './position-builder'

const d = (value: Decimal.Value) => new Decimal(value)

describe('position P&L', () => {
  // size is the base quantity on the exchange; leverage changes the margin, not the P&L.
  it.each([
    ['long', '45000', '46000', '0.05', '50'],
    ['long', '45000', '44000', '0.05', '-50'],
    ['short', '45000', '44000', '0.05', '50'],
    ['short', '45000', '46000', '0.05', '-50'],
    ['long', '0.60', '0.66', '1000', '60'],
  ] as const)('%s entry=%s price=%s size=%s → %s', (side, entry, price, size, pnl) => {
    expect(grossPnl(side, d(entry), d(price), d(size)).toString()).toBe(pnl)
  })

  it('reports P&L percent on the margin, so leverage raises the percentage only', () => {
    const unlevered = aPosition({ leverage: 1, openFees: d(0) })
    const levered = aPosition({ leverage: 2, openFees: d(0) })
    expect(unrealizedPnl(levered, d('46000')).toString()).toBe(
      unrealizedPnl(unlevered, d('46000')).toString(),
    )
    expect(unrealizedPnlPct(levered, d('46000')).toString()).toBe(
      unrealizedPnlPct(unlevered, d('46000')).times(2).toString(),
    )
  })

  it('subtracts the open entry fees from unrealized P&L', () => {
    const position = aPosition({ openFees: d('2.5') })
    expect(unrealizedPnl(position, d('46000')).toString()).toBe('47.5')
    // 47.5 / (45000 × 0.05 ÷ 2× leverage) × 100
    expect(unrealizedPnlPct(position, d('46000')).toFixed(6)).toBe('4.222222')
  })

  it('reports no unrealized P&L for a closed position', () => {
    expect(unrealizedPnl(aPosition({ status: 'closed', size: d(0) }), d('50000')).isZero()).toBe(
      true,
    )
    expect(unrealizedPnlPct(aPosition({ entryPrice: d(0) }), d('50000')).isZero()).toBe(true)
  })

  it.each([
    ['long', '45450', '1'],
    ['short', '44550', '1'],
    ['long', '44550', '-1'],
  ] as const)('%s favourable move at %s is %s %%', (side, price, pct) => {
    expect(favourableMovePct(aPosition({ side }), d(price)).toString()).toBe(pct)
  })

  it('has no favourable move with a zero entry', () => {
    expect(favourableMovePct(aPosition({ entryPrice: d(0) }), d('1')).isZero()).toBe(true)
  })
})

describe('position validation (seed 001 v1.1)', () => {
  it.each([
    [{ leverage: 0 }, 'INVALID_LEVERAGE'],
    [{ leverage: 6 }, 'INVALID_LEVERAGE'],
    [{ leverage: 1.5 }, 'INVALID_LEVERAGE'],
    [{ size: d(0) }, 'INVALID_SIZE'],
    [{ size: d(-1) }, 'INVALID_SIZE'],
    [{ entryPrice: d(-1) }, 'INVALID_ENTRY_PRICE'],
  ])('refuses %o with %s', (fields, code) => {
    expect(() => validatePosition(aPosition(fields))).toThrow(InvalidPositionError)
    expect(() => validatePosition(aPosition(fields))).toThrow(code)
  })

  it.each([
    [{ leverage: 1 }],
    [{ leverage: 5 }],
    [{ entryPrice: d(0) }],
    [{ status: 'closed' as const, size: d(0) }],
  ])('accepts %o', (fields) => {
    expect(() => validatePosition(aPosition(fields))).not.toThrow()
  })
})
