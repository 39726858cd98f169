import Decimal from 'decimal.js'
import type { Position } from '../../../src-main/engine/execution/position'

/** A long BTC/USDT position of 0.05 at 45,000 with 2× leverage; override any field. */
export function aPosition(fields: Partial<Position> = {}): Position {
  return {
    id: 'pos-1',
    symbol: 'BTC/USDT',
    side: 'long',
    size: new Decimal('0.05'),
    entryPrice: new Decimal('45000'),
    leverage: 2,
    stopLoss: null,
    takeProfit: null,
    stopLossOrderId: null,
    takeProfitOrderId: null,
    trailingStop: {
      isEnabled: true,
      activationPct: new Decimal(1),
      distancePct: new Decimal('1.5'),
      isActive: false,
      extremePrice: null,
    },
    status: 'open',
    fees: new Decimal(0),
    openFees: new Decimal(0),
    exitPrice: null,
    realizedPnl: new Decimal(0),
    closeReason: null,
    correlationId: 'corr-1',
    fillLedger: {},
    openedAtMs: 0,
    closedAtMs: null,
    updatedAtMs: 0,
    ...fields,
  }
}
