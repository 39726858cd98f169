/** How the renderer is connected to the engine's event stream. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected'

export interface ConnectionState {
  status: ConnectionStatus
  /** Reconnect attempts since the last successful connection. */
  attempt: number
  /** When the next reconnect attempt is due (ms since epoch), while reconnecting. */
  retryAt: number | null
  lastError: string | null
}

/** Something whose connection state the status bar can show. */
export interface ConnectionSource {
  getConnectionState(): ConnectionState
  /** Subscribes to connection changes; returns the unsubscribe function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void
}

export const CONNECTED: ConnectionState = {
  status: 'connected',
  attempt: 0,
  retryAt: null,
  lastError: null,
}

/** Returns a source that is always connected (the Electron IPC bridge cannot drop). */
export function alwaysConnected(): ConnectionSource {
  return { getConnectionState: () => CONNECTED, onConnectionChange: () => () => undefined }
}
