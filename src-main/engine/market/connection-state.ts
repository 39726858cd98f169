/** The connection state of a market data source. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped'

/** What happens to a source's connection. */
export type ConnectionEvent = 'start' | 'succeeded' | 'failed' | 'stop'

/** Every connection state, for tests and status displays. */
export const CONNECTION_STATES: readonly ConnectionState[] = [
  'idle',
  'connecting',
  'connected',
  'reconnecting',
  'stopped',
]

/** Every connection event. */
export const CONNECTION_EVENTS: readonly ConnectionEvent[] = [
  'start',
  'succeeded',
  'failed',
  'stop',
]

const TRANSITIONS: Readonly<
  Record<ConnectionState, Partial<Readonly<Record<ConnectionEvent, ConnectionState>>>>
> = {
  idle: { start: 'connecting', stop: 'stopped' },
  connecting: { succeeded: 'connected', failed: 'reconnecting', stop: 'stopped' },
  // A success while connected is every normal poll or message: no change.
  connected: { succeeded: 'connected', failed: 'reconnecting', stop: 'stopped' },
  // Failing again while reconnecting keeps retrying.
  reconnecting: { succeeded: 'connected', failed: 'reconnecting', stop: 'stopped' },
  // A stopped source may be started again; late results of work in flight are ignored.
  stopped: { start: 'connecting', stop: 'stopped' },
}

/**
 * Returns the state after `event` in `state`, or null when the event cannot happen there
 * (an illegal transition is a bug in the source, not something to paper over).
 */
export function nextConnectionState(
  state: ConnectionState,
  event: ConnectionEvent,
): ConnectionState | null {
  return TRANSITIONS[state][event] ?? null
}

/** A change of connection state, as the machine reports it. */
export interface ConnectionTransition {
  readonly state: ConnectionState
  readonly previous: ConnectionState
  readonly reason: string | null
}

/**
 * Holds a source's connection state and moves it by {@link nextConnectionState}; reports
 * every change (not the self-transitions) to `onChange`. An illegal event throws: it is a
 * bug in the source.
 */
export class ConnectionStateMachine {
  #state: ConnectionState = 'idle'
  readonly #onChange: (change: ConnectionTransition) => void

  constructor(onChange: (change: ConnectionTransition) => void) {
    this.#onChange = onChange
  }

  get state(): ConnectionState {
    return this.#state
  }

  /** Applies an event and returns the new state. */
  apply(event: ConnectionEvent, reason: string | null = null): ConnectionState {
    const previous = this.#state
    const state = nextConnectionState(previous, event)
    if (state === null) {
      throw new Error(`illegal connection transition: state=${previous} event=${event}`)
    }
    this.#state = state
    if (state !== previous) this.#onChange({ state, previous, reason })
    return state
  }
}
