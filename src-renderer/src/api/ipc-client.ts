import type { CommandInput, CommandName, CommandOutput } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { PreloadBridge } from '../../../src-shared/preload-bridge'
import { EngineError } from './engine-error'

/**
 * Returns the EngineApi backed by the Electron preload bridge. The bridge answers with a
 * `Result`; failures become rejected `EngineError`s so both backends behave alike.
 */
export function createIpcClient(bridge: PreloadBridge): EngineApi {
  return {
    async invoke<Name extends CommandName>(
      name: Name,
      input?: CommandInput<Name>,
    ): Promise<CommandOutput<Name>> {
      const result = await bridge.invoke(name, input ?? {})
      if (!result.ok) throw new EngineError(result.error.code, result.error.message)
      return result.value as CommandOutput<Name>
    },
    onEvent: (listener) => bridge.onEvent(listener),
  }
}
