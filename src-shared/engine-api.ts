import type { CommandInput, CommandName, CommandOutput } from './contract/commands'
import type { EngineEvent } from './contract/events'

/**
 * The renderer's view of the engine: one method for commands and one for pushed events.
 * The Electron preload and the HTTP/WebSocket client both implement it.
 */
export interface EngineApi {
  /** Runs a command; rejects with an error carrying `code` and `message` when it fails. */
  invoke<Name extends CommandName>(
    name: Name,
    input?: CommandInput<Name>,
  ): Promise<CommandOutput<Name>>
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void
}
