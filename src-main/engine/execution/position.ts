import Decimal from 'decimal.js'

/** Long profits when the price rises, short when it falls. */
export type PositionSide = 'long' | 'short'

export type PositionStatus = 'open' | 'closed'

/** Trailing-stop settings and state of one position (seed 001 v1.2). */
export interface TrailingStopState {
  readonly isEnabled: boolean
  /** Profit in percent of entry at which the stop starts trailing. */
  readonly activationPct: Decimal
  /** Distance in percent behind the best price. */
  readonly distancePct: Decimal
  readonly isActive: boolean
  /** Highest price seen since activation (long), lowest (short). */
  readonly extremePrice: Decimal | null
}

/** What the tracker has applied of one order's cumulative fill (idempotent re-application). */
export interface LedgerEntry {
  /** Entries open or grow the position; exits reduce it. */
  readonly kind: 'entry' | 'exit'
  readonly filledSize: Decimal
  /** Σ size × price of the applied fills. */
  readonly notional: Decimal
  readonly fee: Decimal
}

/** A position opened by an entry order and reduced by closing and contingent orders. */
export interface Position {
  readonly id: string
  readonly symbol: string
  readonly side: PositionSide
  readonly size: Decimal
  readonly entryPrice: Decimal
  readonly leverage: number
  readonly stopLoss: Decimal | null
  readonly takeProfit: Decimal | null
  readonly stopLossOrderId: string | null
  readonly takeProfitOrderId: string | null
  readonly trailingStop: TrailingStopState
  readonly status: PositionStatus
  /** All fees paid (entry and exit), quote asset. */
  readonly fees: Decimal
  /** Entry fees not yet charged against realized P&L. */
  readonly openFees: Decimal
  readonly exitPrice: Decimal | null
  /** Net of fees; accumulates over partial exits. */
  readonly realizedPnl: Decimal
  readonly closeReason: string | null
  readonly correlationId: string
  readonly fillLedger: Readonly<Record<string, LedgerEntry>>
  readonly openedAtMs: number
  readonly closedAtMs: number | null
  readonly updatedAtMs: number
}

/** Thrown when a position would break an invariant (leverage 1–5, size > 0, entry ≥ 0). */
export class InvalidPositionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidPositionError'
  }
}

/** The system maximum leverage (seed 001 §5). */
export const MAX_LEVERAGE = 5

/**
 * Checks a position's invariants (seed 001 v1.1 validation); throws with the offending
 * values. A closed position may have size 0.
 */
export function validatePosition(position: Position): void {
  const context = `position=${position.id} symbol=${position.symbol}`
  if (
    !Number.isInteger(position.leverage) ||
    position.leverage < 1 ||
    position.leverage > MAX_LEVERAGE
  ) {
    throw new InvalidPositionError(
      `INVALID_LEVERAGE: ${context} leverage=${position.leverage} allowed=1..${MAX_LEVERAGE}`,
    )
  }
  if (position.status === 'open' ? position.size.lte(0) : position.size.lt(0)) {
    throw new InvalidPositionError(`INVALID_SIZE: ${context} size=${position.size.toString()}`)
  }
  if (position.entryPrice.lt(0)) {
    throw new InvalidPositionError(
      `INVALID_ENTRY_PRICE: ${context} entry=${position.entryPrice.toString()}`,
    )
  }
}

/**
 * P&L before fees: long (price − entry) × size, short (entry − price) × size. `size` is the
 * base quantity traded on the exchange, so leverage is already in it (leverage only lowers the
 * margin); the seed's extra "× leverage" would count it twice and overstate P&L — see README.
 */
export function grossPnl(
  side: PositionSide,
  entryPrice: Decimal,
  price: Decimal,
  size: Decimal,
): Decimal {
  const move = side === 'long' ? price.minus(entryPrice) : entryPrice.minus(price)
  return move.times(size)
}

/** Unrealized P&L net of the open part's entry fees. */
export function unrealizedPnl(position: Position, price: Decimal): Decimal {
  if (position.status === 'closed' || position.size.isZero()) return new Decimal(0)
  return grossPnl(position.side, position.entryPrice, price, position.size).minus(position.openFees)
}

/** Unrealized P&L in percent of the margin put up (entry notional ÷ leverage): the return on capital. */
export function unrealizedPnlPct(position: Position, price: Decimal): Decimal {
  const margin = position.entryPrice.times(position.size).div(position.leverage)
  if (margin.isZero()) return new Decimal(0)
  return unrealizedPnl(position, price).div(margin).times(100)
}

/** The price move in the position's favour, in percent of entry (leverage not applied). */
export function favourableMovePct(position: Position, price: Decimal): Decimal {
  if (position.entryPrice.isZero()) return new Decimal(0)
  const move =
    position.side === 'long' ? price.minus(position.entryPrice) : position.entryPrice.minus(price)
  return move.div(position.entryPrice).times(100)
}
