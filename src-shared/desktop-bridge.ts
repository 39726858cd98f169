import type { Result } from './result'

/**
 * What the Electron preload exposes as `window.triplegain`: a narrow API built from the
 * contract, never ipcRenderer itself. Results carry `{code, message}` errors, never stacks.
 */
export interface DesktopBridge {
  readonly host: 'desktop'
  invoke(command: string, input?: unknown): Promise<Result<unknown>>
  /** Subscribes to engine events; returns the unsubscribe function. */
  onEvent(listener: (event: unknown) => void): () => void
}
