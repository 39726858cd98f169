/** Order lifecycle states (seed 003 §3.4). */
export type OrderStatus =
  'PENDING' | 'OPEN' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELLED' | 'EXPIRED' | 'ERROR'

export const ORDER_STATUSES = [
  'PENDING',
  'OPEN',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELLED',
  'EXPIRED',
  'ERROR',
] as const satisfies readonly OrderStatus[]

/**
 * Allowed transitions. PENDING means stored but not yet acknowledged by the exchange; the
 * first answer we see may already be a later state, so PENDING may jump to any of them.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // A market order can be filled before we ever see it open; a stale intent is cancelled.
  PENDING: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED', 'ERROR'],
  OPEN: ['PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED', 'ERROR'],
  // PARTIALLY_FILLED → PARTIALLY_FILLED records further fill progress; the rest may be cancelled or expire.
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED'],
  FILLED: [],
  CANCELLED: [],
  EXPIRED: [],
  ERROR: [],
}

/** Returns whether the order will not change any more. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return ORDER_TRANSITIONS[status].length === 0
}

/** The outcome of asking for a transition: the next state, or why it is not allowed. */
export type TransitionResult = { ok: true; status: OrderStatus } | { ok: false; error: string }

/** Returns the next status, or an error when the table does not allow `from → to`. */
export function transitionOrderStatus(from: OrderStatus, to: OrderStatus): TransitionResult {
  if (ORDER_TRANSITIONS[from].includes(to)) return { ok: true, status: to }
  return { ok: false, error: `ILLEGAL_ORDER_TRANSITION: from=${from} to=${to}` }
}

/** Thrown when code asks for a transition the table forbids; a bug or a lying exchange. */
export class IllegalOrderTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
    readonly orderId: string,
  ) {
    super(`ILLEGAL_ORDER_TRANSITION: order=${orderId} from=${from} to=${to}`)
    this.name = 'IllegalOrderTransitionError'
  }
}
