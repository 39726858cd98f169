/** The circuit breakers of the risk engine. */
export const BREAKER_NAMES = ['daily_loss', 'weekly_loss', 'max_drawdown', 'volatility'] as const

export type BreakerName = (typeof BREAKER_NAMES)[number]

/** Returns true when `name` names a breaker; for inputs such as a reset command's path. */
export function isBreakerName(name: string): name is BreakerName {
  return (BREAKER_NAMES as readonly string[]).includes(name)
}

/** A breaker is armed (trading allowed) or tripped (new entries blocked). */
export type BreakerStatus = 'armed' | 'tripped'

/** What can happen to a breaker. */
export type BreakerEvent = 'trip' | 'expire' | 'manual_reset'

/** The result of a breaker transition: the next status, or why the event does not apply. */
export type BreakerTransition =
  | { readonly ok: true; readonly status: BreakerStatus }
  | { readonly ok: false; readonly error: string }

/** The breaker transition table; null marks a forbidden pair. */
export const BREAKER_TRANSITIONS: Readonly<
  Record<BreakerStatus, Readonly<Record<BreakerEvent, BreakerStatus | null>>>
> = {
  armed: {
    trip: 'tripped',
    // Nothing is waiting to expire on an armed breaker.
    expire: null,
    // Resetting a breaker that is not tripped is refused so the caller learns it did nothing.
    manual_reset: null,
  },
  tripped: {
    // A further trip keeps it tripped; the volatility halt extends its end time.
    trip: 'tripped',
    expire: 'armed',
    manual_reset: 'armed',
  },
}

/** Returns the status a breaker moves to on `event`, or an error for a forbidden pair. */
export function transitionBreaker(status: BreakerStatus, event: BreakerEvent): BreakerTransition {
  const next = BREAKER_TRANSITIONS[status][event]
  if (next === null)
    return { ok: false, error: `breaker transition refused: status=${status} event=${event}` }
  return { ok: true, status: next }
}

/** How severe each breaker's alert is. */
export const BREAKER_SEVERITY: Readonly<Record<BreakerName, 'high' | 'critical'>> = {
  daily_loss: 'high',
  weekly_loss: 'high',
  max_drawdown: 'critical',
  volatility: 'high',
}

/** How a tripped breaker re-armed: by itself at its reset time, or by hand. */
export type BreakerResetKind = 'expired' | 'manual'
