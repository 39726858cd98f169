import Decimal from 'decimal.js'
import { roundToTick } from './broker/round-to-step'
import { favourableMovePct, type Position, type TrailingStopState } from './position'

/** Trailing-stop defaults from execution.yaml `trailing_stop`. */
export interface TrailingStopSettings {
  readonly isEnabled: boolean
  readonly activationPct: Decimal
  readonly distancePct: Decimal
}

/** The initial (inactive) trailing-stop state of a new position. */
export function initialTrailingStop(settings: TrailingStopSettings): TrailingStopState {
  return {
    isEnabled: settings.isEnabled,
    activationPct: settings.activationPct,
    distancePct: settings.distancePct,
    isActive: false,
    extremePrice: null,
  }
}

/** A trailing stop turned off: it no longer follows the price, and starts afresh when turned on. */
export function disabledTrailingStop(state: TrailingStopState): TrailingStopState {
  return { ...state, isEnabled: false, isActive: false, extremePrice: null }
}

/** The result of one trailing-stop step: the new state and the stop-loss after it. */
export interface TrailingStopStep {
  readonly state: TrailingStopState
  readonly stopLoss: Decimal | null
  /** Whether the stop-loss moved (always in the trade's favour). */
  readonly hasMoved: boolean
}

/**
 * Advances a position's trailing stop to `price` (seed 001 v1.2): it activates once the
 * favourable move reaches the activation percentage, then follows the highest (long) or
 * lowest (short) price at the trailing distance, and never moves the stop against the trade.
 * With the market's `priceStep` the stop is put on the nearest tick, as the exchange holds it.
 */
export function stepTrailingStop(
  position: Position,
  price: Decimal,
  priceStep: Decimal | null = null,
): TrailingStopStep {
  const state = position.trailingStop
  const unchanged = { state, stopLoss: position.stopLoss, hasMoved: false }
  if (!state.isEnabled || position.status !== 'open') return unchanged
  const isLong = position.side === 'long'
  let isActive = state.isActive
  let extreme = state.extremePrice
  if (!isActive) {
    if (favourableMovePct(position, price).lt(state.activationPct)) return unchanged
    isActive = true
    extreme = price
  } else if (extreme === null || (isLong ? price.gt(extreme) : price.lt(extreme))) {
    extreme = price
  }
  const distance = state.distancePct.div(100)
  const exact = isLong
    ? extreme!.times(new Decimal(1).minus(distance))
    : extreme!.times(new Decimal(1).plus(distance))
  const candidate = roundToTick(exact, priceStep)
  const current = position.stopLoss
  const isBetter = current === null || (isLong ? candidate.gt(current) : candidate.lt(current))
  // The same state object when nothing changed: the tracker then has nothing to save, and its
  // revision (which lets a quiet reconciliation be skipped) stands.
  const isSameState = isActive === state.isActive && extreme === state.extremePrice
  return {
    state: isSameState ? state : { ...state, isActive, extremePrice: extreme },
    stopLoss: isBetter ? candidate : current,
    hasMoved: isBetter,
  }
}
