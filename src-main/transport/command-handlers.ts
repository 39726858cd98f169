import type { CommandName, CommandOutput, CommandParsedInput } from '../../src-shared/contract'
import type { EngineEvent } from '../../src-shared/contract'

/**
 * The service layer between transports and the engine: one function per contract command,
 * receiving already-validated input and returning a DTO (never config or keys).
 */
export type CommandHandlers = {
  [Name in CommandName]: (input: CommandParsedInput<Name>) => Promise<CommandOutput<Name>>
}

/** Pushed engine events, for transports to forward. */
export interface EngineEventStream {
  subscribe(listener: (event: EngineEvent) => void): () => void
}
