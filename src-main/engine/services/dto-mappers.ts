import Decimal from 'decimal.js'
import type { Order as OrderDto, Position as PositionDto } from '../../../src-shared/contract'
import type { Order, Position, PositionTracker } from '../execution'

/** Decimal → contract text: plain notation, never exponent form. */
export function text(value: Decimal): string {
  return value.toFixed()
}

/** Decimal or null → contract text or null. */
export function textOrNull(value: Decimal | null | undefined): string | null {
  return value == null ? null : value.toFixed()
}

/** Maps an order to the contract's Order (without its timeline). */
export function orderDto(order: Order): OrderDto {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    externalId: order.externalId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    role: order.role,
    size: text(order.size),
    price: textOrNull(order.price),
    triggerPrice: textOrNull(order.triggerPrice),
    status: order.status,
    filledSize: text(order.filledSize),
    averageFillPrice: textOrNull(order.averageFillPrice),
    fee: text(order.fee),
    positionId: order.positionId,
    correlationId: order.correlationId,
    error: order.error,
    createdAt: order.createdAtMs,
    updatedAt: order.updatedAtMs,
  }
}

/** Maps a position, with its live P&L from the tracker, to the contract's Position. */
export function positionDto(position: Position, tracker: PositionTracker): PositionDto {
  const isOpen = position.status === 'open'
  const live = isOpen ? tracker.unrealized(position) : null
  const trailing = position.trailingStop
  return {
    id: position.id,
    symbol: position.symbol,
    side: position.side,
    // A closed position's size is zero in the books; show what it held.
    size: isOpen ? text(position.size) : text(enteredSize(position)),
    entryPrice: text(position.entryPrice),
    currentPrice: live ? text(live.price) : null,
    leverage: position.leverage,
    stopLoss: textOrNull(position.stopLoss),
    takeProfit: textOrNull(position.takeProfit),
    trailingStop: trailing
      ? {
          isEnabled: trailing.isEnabled,
          isActive: trailing.isActive,
          activationPct: text(trailing.activationPct),
          distancePct: text(trailing.distancePct),
          extremePrice: textOrNull(trailing.extremePrice),
        }
      : null,
    unrealizedPnl: live ? live.pnl.toFixed(8) : '0',
    unrealizedPnlPct: live ? live.pct.toFixed(4) : '0',
    realizedPnl: isOpen ? null : text(position.realizedPnl),
    fees: text(position.fees),
    status: position.status,
    openedAt: position.openedAtMs,
    closedAt: position.closedAtMs,
    exitPrice: textOrNull(position.exitPrice),
    closeReason: position.closeReason,
    correlationId: position.correlationId,
  }
}

/** The base quantity a position was built from: the sum of its entry fills. */
export function enteredSize(position: Pick<Position, 'fillLedger'>): Decimal {
  return Object.values(position.fillLedger)
    .filter((entry) => entry.kind === 'entry')
    .reduce((total, entry) => total.plus(entry.filledSize), new Decimal(0))
}
