import { describe, expect, it } from 'vitest'
import {
  COORDINATOR_EVENTS,
  COORDINATOR_STATES,
  transitionCoordinator,
  type CoordinatorEvent,
  type CoordinatorState,
} from '../../../src-main/engine/coordinator'
import { aCoordinator } from '../../fakes/coordinator/coordinator-harness'

/** The whole table, forbidden pairs included: null means illegal. */
const EXPECTED: Record<CoordinatorState, Record<CoordinatorEvent, CoordinatorState | null>> = {
  RUNNING: { pause: 'PAUSED', resume: null, halt: 'HALTED' },
  PAUSED: { pause: null, resume: 'RUNNING', halt: 'HALTED' },
  HALTED: { pause: null, resume: 'RUNNING', halt: 'HALTED' },
}

const PAIRS = COORDINATOR_STATES.flatMap((state) =>
  COORDINATOR_EVENTS.map((event) => ({ state, event, to: EXPECTED[state][event] })),
)

describe('coordinator state machine', () => {
  it('covers every state and event', () => {
    expect(PAIRS).toHaveLength(9)
  })

  it.each(PAIRS)('$state --$event--> $to', ({ state, event, to }) => {
    const result = transitionCoordinator(state, event)
    if (to === null) {
      expect(result).toEqual({
        ok: false,
        from: state,
        error: `illegal coordinator transition: state=${state} event=${event}`,
      })
    } else {
      expect(result).toEqual({ ok: true, from: state, to })
    }
  })

  it.each(PAIRS)(
    'the coordinator applies $state --$event--> $to and refuses illegal ones',
    async ({ state, event, to }) => {
      const harness = aCoordinator()
      const { coordinator } = harness
      await coordinator.start()
      if (state === 'PAUSED') expect(coordinator.pause().ok).toBe(true)
      if (state === 'HALTED') expect(coordinator.halt('test').ok).toBe(true)
      expect(coordinator.state).toBe(state)

      const result =
        event === 'pause'
          ? coordinator.pause()
          : event === 'resume'
            ? coordinator.resume()
            : coordinator.halt('test')

      expect(result.ok).toBe(to !== null)
      expect(coordinator.state).toBe(to ?? state)
      expect(coordinator.status().state).toBe(to ?? state)
      const changes = harness.eventsOf('coordinator_state_changed')
      if (to !== null && to !== state) expect(changes.at(-1)).toMatchObject({ from: state, to })
      await coordinator.stop()
    },
  )
})
