import { COORDINATOR_STATES } from '../../../src-shared/contract/coordinator'

/** RUNNING trades; PAUSED analyses but ignores trading signals; HALTED trades nothing until resumed. */
export type CoordinatorState = (typeof COORDINATOR_STATES)[number]

export { COORDINATOR_STATES }

/** What can happen to the coordinator's state. */
export const COORDINATOR_EVENTS = ['pause', 'resume', 'halt'] as const

export type CoordinatorEvent = (typeof COORDINATOR_EVENTS)[number]

/**
 * The coordinator's state machine (seed 004 "State Machine", Nautilus's trading state):
 * the next state for each allowed (state, event) pair; a missing pair is illegal.
 */
export const COORDINATOR_TRANSITIONS: Readonly<
  Record<CoordinatorState, Partial<Record<CoordinatorEvent, CoordinatorState>>>
> = {
  RUNNING: { pause: 'PAUSED', halt: 'HALTED' },
  PAUSED: {
    resume: 'RUNNING',
    // A circuit breaker must stop trading whatever a human did before.
    halt: 'HALTED',
  },
  HALTED: {
    // Only an explicit resume leaves HALTED; pausing would hide the halt behind a weaker state.
    resume: 'RUNNING',
    // A second breaker (or a repeated alert) while halted changes nothing; not an error.
    halt: 'HALTED',
  },
}

/** The outcome of asking for a transition: the next state, or why it is illegal. */
export type TransitionResult =
  | { ok: true; from: CoordinatorState; to: CoordinatorState }
  | { ok: false; from: CoordinatorState; error: string }

/** Returns the state `event` leads to from `state`, or an error when the table forbids it. */
export function transitionCoordinator(
  state: CoordinatorState,
  event: CoordinatorEvent,
): TransitionResult {
  const to = COORDINATOR_TRANSITIONS[state][event]
  if (to === undefined) {
    return {
      ok: false,
      from: state,
      error: `illegal coordinator transition: state=${state} event=${event}`,
    }
  }
  return { ok: true, from: state, to }
}
