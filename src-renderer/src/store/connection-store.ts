import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { ConnectionState } from '../api/connection'

export interface ConnectionStoreState {
  connection: ConnectionState
  /** Counts reconnects after a drop, so views can reload what they may have missed. */
  generation: number
  setConnection(connection: ConnectionState): void
  reset(): void
}

export type ConnectionStore = StoreApi<ConnectionStoreState>

/** Returns the store mirroring the event stream's connection state. */
export function createConnectionStore(initialConnection: ConnectionState): ConnectionStore {
  const initial = { connection: initialConnection, generation: 0 }
  return createStore<ConnectionStoreState>()((set, get) => ({
    ...initial,
    setConnection(connection) {
      const previous = get().connection
      const isReconnect = connection.status === 'connected' && previous.status === 'reconnecting'
      set({ connection, generation: get().generation + (isReconnect ? 1 : 0) })
    },
    reset: () => set(initial),
  }))
}
