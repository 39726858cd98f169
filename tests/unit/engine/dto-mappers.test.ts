import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { PositionTracker } from '../../../src-main/engine/execution'
import { enteredSize, positionDto } from '../../../src-main/engine/services/dto-mappers'
import { aPosition } from '../execution/position-builder'

const tracker = {
  unrealized: () => ({
    pnl: new Decimal('12.5'),
    pct: new Decimal('1.25'),
    price: new Decimal('45500'),
  }),
} as unknown as PositionTracker

describe('positionDto', () => {
  it('shows an open position with live P&L from the tracker', () => {
    expect(positionDto(aPosition(), tracker)).toMatchObject({
      size: '0.05',
      currentPrice: '45500',
      unrealizedPnl: '12.50000000',
      realizedPnl: null,
      status: 'open',
    })
  })

  it('shows a closed position with the size it held and its realized P&L', () => {
    const closed = aPosition({
      status: 'closed',
      size: new Decimal(0),
      realizedPnl: new Decimal('-9.81'),
      exitPrice: new Decimal('44800'),
      closedAtMs: 10,
      fillLedger: {
        e1: {
          kind: 'entry',
          filledSize: new Decimal('0.03'),
          notional: new Decimal(1350),
          fee: new Decimal(1),
        },
        e2: {
          kind: 'entry',
          filledSize: new Decimal('0.02'),
          notional: new Decimal(900),
          fee: new Decimal(1),
        },
        x1: {
          kind: 'exit',
          filledSize: new Decimal('0.05'),
          notional: new Decimal(2240),
          fee: new Decimal(1),
        },
      },
    })
    expect(enteredSize(closed).toFixed()).toBe('0.05')
    expect(positionDto(closed, tracker)).toMatchObject({
      size: '0.05',
      currentPrice: null,
      realizedPnl: '-9.81',
      exitPrice: '44800',
      status: 'closed',
    })
  })
})
