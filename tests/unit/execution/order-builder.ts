import Decimal from 'decimal.js'
import type { Order } from '../../../src-main/engine/execution/order'
import type { ClientOrderId } from '../../../src-main/engine/execution/order-types'

const d = (value: Decimal.Value) => new Decimal(value)
const T0 = Date.UTC(2025, 0, 1)

/** A pending limit entry of position …aa, created at 2025-01-01, with the given fields changed. */
export function anOrder(fields: Partial<Order> = {}): Order {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    clientOrderId: 'client-1' as ClientOrderId,
    externalId: null,
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'limit',
    role: 'entry',
    size: d('0.05'),
    price: d('45200.123456789012345'),
    triggerPrice: null,
    stopLoss: d('44300'),
    takeProfit: d('47000'),
    leverage: 2,
    status: 'PENDING',
    filledSize: d(0),
    averageFillPrice: null,
    fee: d(0),
    positionId: '00000000-0000-4000-8000-0000000000aa',
    parentOrderId: null,
    correlationId: 'corr-1',
    error: null,
    closeReason: null,
    expiresAtMs: T0 + 3_600_000,
    createdAtMs: T0,
    updatedAtMs: T0,
    ...fields,
  }
}
