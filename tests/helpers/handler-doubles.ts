import type { CommandName } from '../../src-shared/contract'
import { CommandError } from '../../src-shared/result'
import type { CommandHandlers } from '../../src-main/transport/command-handlers'

/**
 * A handler map for transport tests: the given handlers, and for every other command one that
 * refuses with UNSUPPORTED, so a test notices when it calls something it did not set up.
 */
export function handlersWith(
  overrides: Partial<CommandHandlers>,
): CommandHandlers & { calls: { name: string; input: unknown }[] } {
  const calls: { name: string; input: unknown }[] = []
  const handlers = new Proxy({} as CommandHandlers, {
    get(_target, property: string) {
      if (property === 'calls') return calls
      return async (input: unknown) => {
        calls.push({ name: property, input })
        const override = overrides[property as CommandName] as
          ((input: unknown) => Promise<unknown>) | undefined
        if (!override) throw new CommandError('UNSUPPORTED', `${property} not set up in this test`)
        return override(input)
      }
    },
  })
  return handlers as CommandHandlers & { calls: { name: string; input: unknown }[] }
}
