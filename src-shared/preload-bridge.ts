import type { CommandName } from './contract/commands'
import type { EngineEvent } from './contract/events'
import type { Result } from './result'

/** The name under which the preload exposes its bridge on `window`. */
export const PRELOAD_GLOBAL_NAME = 'triplegain'

/**
 * What the Electron preload exposes as `window.triplegain`. Commands answer with a
 * `Result` rather than rejecting, because an Error thrown across the context bridge loses
 * its code; the renderer's IPC client turns failures back into rejected `EngineError`s.
 */
export interface PreloadBridge {
  readonly host: 'desktop'
  /** Sends a command to the main process's guarded handler. */
  invoke(name: CommandName, input: unknown): Promise<Result<unknown>>
  /** Subscribes to pushed engine events; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void
}
