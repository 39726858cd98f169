import { storeOptionsFor, type AppPaths } from '../app-paths'
import type { Logger } from '../engine/logging/logger'
import { EarlyStore } from '../engine/store/early-store'

/**
 * Starts the desktop's database before Electron is ready, so PGlite boots while Electron
 * starts up and reads the key store (see EarlyStore). Null when the store is not PGlite on a
 * thread, or when it cannot start now (another process holds the folder, say): the engine's
 * own start then meets the same problem and shows it to the user, as without an early start.
 */
export function startEarlyDesktopStore(
  paths: Pick<AppPaths, 'dataDir' | 'cacheDir'>,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): EarlyStore | null {
  try {
    return EarlyStore.startFor(storeOptionsFor(env, paths))
  } catch (error) {
    logger.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      'database not started early; the engine start opens it',
    )
    return null
  }
}
