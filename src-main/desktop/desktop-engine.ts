import { COMMAND_NAMES } from '../../src-shared/contract'
import { CommandError } from '../../src-shared/result'
import type { Logger } from '../engine/logging/logger'
import type { RunningEngine, StartEngineOptions } from '../host/start-engine'
import type { CommandHandlers, EngineEventStream } from '../transport/command-handlers'
import type { SafeStorageKeyStore } from './safe-storage-key-store'
import { readStoredKrakenKeys, withKrakenKeys } from './kraken-keys'

/** What the desktop host attaches to its window, menu and quit guard. */
export interface DesktopEngine {
  commands: CommandHandlers
  events: EngineEventStream
  ordersInFlight(): number
  stop(): Promise<void>
  /** Why the engine did not start; null when it runs. */
  startError: string | null
}

export interface StartDesktopEngineOptions extends Omit<
  StartEngineOptions,
  'host' | 'market' | 'keyStore' | 'configure'
> {
  keyStore: SafeStorageKeyStore
  start(options: StartEngineOptions): Promise<RunningEngine>
  /** Shows the start failure to the user (a native error box). */
  showError(title: string, message: string): void
  logger: Logger
}

/**
 * Starts the engine for the desktop (live market data; paper unless live is configured and
 * confirmed), with Kraken keys from the encrypted store. When it cannot start (a config error,
 * say) the user sees the message — never a stack — and the window still opens: every command
 * then answers UNAVAILABLE with that message, so the UI can show it too.
 */
export async function startDesktopEngine(
  options: StartDesktopEngineOptions,
): Promise<DesktopEngine> {
  const { start, showError, keyStore, logger, ...rest } = options
  try {
    const krakenKeys = await readStoredKrakenKeys(keyStore)
    const running = await start({
      ...rest,
      logger,
      host: 'desktop',
      market: { kind: 'live' },
      keyStore,
      configure: (config) => withKrakenKeys(config, krakenKeys),
    })
    return {
      commands: running.engine.commands,
      events: running.engine.events,
      ordersInFlight: () => running.engine.ordersInFlight(),
      stop: () => running.close(),
      startError: null,
    }
  } catch (error) {
    // An early store the start never took over (it failed before) frees its folder.
    await rest.earlyStore?.discard()
    const message = error instanceof Error ? error.message : String(error)
    logger.error({ reason: message }, 'engine did not start')
    showError('TripleGain could not start its engine', message)
    return {
      commands: unavailableCommands(message),
      events: { subscribe: () => () => undefined },
      ordersInFlight: () => 0,
      stop: async () => undefined,
      startError: message,
    }
  }
}

/** Command handlers that all refuse with UNAVAILABLE and the reason the engine is not running. */
export function unavailableCommands(reason: string): CommandHandlers {
  const refuse = async (): Promise<never> => {
    throw new CommandError('UNAVAILABLE', `the engine is not running: ${reason}`)
  }
  // COMMAND_NAMES lists every command, so the object has every handler.
  return Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, refuse]),
  ) as unknown as CommandHandlers
}
