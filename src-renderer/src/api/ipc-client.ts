import { engineEventSchema } from '../../../src-shared/contract'
import type { CommandInput, CommandName, CommandOutput } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { DesktopBridge } from '../../../src-shared/desktop-bridge'
import { EngineError } from './engine-error'

/**
 * Returns the EngineApi backed by the Electron preload bridge. The bridge answers with a
 * `Result`; failures become rejected `EngineError`s so both backends behave alike. Events
 * cross the bridge untyped and are checked against the contract; others are dropped.
 */
export function createIpcClient(bridge: DesktopBridge): EngineApi {
  return {
    async invoke<Name extends CommandName>(
      name: Name,
      input?: CommandInput<Name>,
    ): Promise<CommandOutput<Name>> {
      const result = await bridge.invoke(name, input ?? {})
      if (!result.ok) throw new EngineError(result.error.code, result.error.message)
      return result.value as CommandOutput<Name>
    },
    onEvent: (listener) =>
      bridge.onEvent((payload) => {
        const parsed = engineEventSchema.safeParse(payload)
        if (parsed.success) listener(parsed.data)
      }),
  }
}
