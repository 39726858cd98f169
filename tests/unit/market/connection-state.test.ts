import { describe, expect, it } from 'vitest'
import {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  ConnectionStateMachine,
  nextConnectionState,
  type ConnectionEvent,
  type ConnectionState,
} from '../../../src-main/engine/market'

const TABLE: Record<ConnectionState, Partial<Record<ConnectionEvent, ConnectionState>>> = {
  idle: { start: 'connecting', stop: 'stopped' },
  connecting: { succeeded: 'connected', failed: 'reconnecting', stop: 'stopped' },
  connected: { succeeded: 'connected', failed: 'reconnecting', stop: 'stopped' },
  reconnecting: { succeeded: 'connected', failed: 'reconnecting', stop: 'stopped' },
  stopped: { start: 'connecting', stop: 'stopped' },
}

const PAIRS = CONNECTION_STATES.flatMap((state) =>
  CONNECTION_EVENTS.map((event) => [state, event, TABLE[state][event] ?? null] as const),
)

describe('nextConnectionState', () => {
  it.each(PAIRS)('%s + %s → %s', (state, event, expected) => {
    expect(nextConnectionState(state, event)).toBe(expected)
  })
})

describe('ConnectionStateMachine', () => {
  it('reports changes, not self-transitions, with the reason', () => {
    const changes: unknown[] = []
    const machine = new ConnectionStateMachine((change) => changes.push(change))
    expect(machine.state).toBe('idle')
    machine.apply('start')
    machine.apply('succeeded')
    machine.apply('succeeded')
    machine.apply('failed', 'error=timeout')
    machine.apply('failed', 'error=timeout')
    expect(machine.apply('stop')).toBe('stopped')
    expect(changes).toEqual([
      { state: 'connecting', previous: 'idle', reason: null },
      { state: 'connected', previous: 'connecting', reason: null },
      { state: 'reconnecting', previous: 'connected', reason: 'error=timeout' },
      { state: 'stopped', previous: 'reconnecting', reason: null },
    ])
  })

  it('throws on an illegal transition and keeps its state', () => {
    const machine = new ConnectionStateMachine(() => {})
    expect(() => machine.apply('succeeded')).toThrow(
      'illegal connection transition: state=idle event=succeeded',
    )
    expect(machine.state).toBe('idle')
  })
})
