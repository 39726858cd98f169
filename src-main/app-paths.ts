import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { StoreOptions } from './engine/store'

/** Folders the hosts need: shipped config, migrations and resources, and the user's data. */
export interface AppPaths {
  root: string
  configDir: string
  userConfigDir: string | null
  migrationsDir: string
  resourcesDir: string
  dataDir: string
  /**
   * What the installation keeps to go faster and can make again (the template a new database
   * folder starts from): TRIPLEGAIN_CACHE_DIR, else `cache` in the data folder. A replay's run
   * folder shares it.
   */
  cacheDir: string
}

/**
 * Finds the app's folders. The app root is the nearest folder above `fromUrl` holding
 * `config/` and `migrations/` (the same from sources, from `out/main` and from tests).
 * Data: TRIPLEGAIN_DATA_DIR, else Electron's userData when given, else ~/.triplegain.
 * Cache: TRIPLEGAIN_CACHE_DIR, else `cache` in the data folder.
 */
export function resolveAppPaths(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { fromUrl?: string; electronUserData?: string } = {},
): AppPaths {
  const root = findAppRoot(dirname(fileURLToPath(options.fromUrl ?? import.meta.url)))
  const dataDir = env.TRIPLEGAIN_DATA_DIR
    ? resolve(env.TRIPLEGAIN_DATA_DIR)
    : (options.electronUserData ?? join(homedir(), '.triplegain'))
  return {
    root,
    configDir: join(root, 'config'),
    userConfigDir: env.TRIPLEGAIN_CONFIG_DIR ? resolve(env.TRIPLEGAIN_CONFIG_DIR) : null,
    migrationsDir: join(root, 'migrations'),
    resourcesDir: join(root, 'resources'),
    dataDir,
    cacheDir: env.TRIPLEGAIN_CACHE_DIR ? resolve(env.TRIPLEGAIN_CACHE_DIR) : join(dataDir, 'cache'),
  }
}

/**
 * PostgreSQL when DATABASE_URL is set, embedded PGlite in the data folder otherwise — on a
 * worker thread, so its WASM work leaves the event loop that answers the UI and runs the engine.
 * Given the installation's `cacheDir`, a new PGlite folder starts from the template kept there.
 */
export function storeOptionsFor(
  env: Readonly<Record<string, string | undefined>>,
  { dataDir, cacheDir }: Pick<AppPaths, 'dataDir'> & Partial<Pick<AppPaths, 'cacheDir'>>,
): StoreOptions {
  if (env.DATABASE_URL) return { driver: 'postgres', url: env.DATABASE_URL }
  return {
    driver: 'pglite',
    dataDir: join(dataDir, 'db'),
    isOnThread: true,
    ...(cacheDir === undefined ? {} : { templateDir: cacheDir }),
  }
}

function findAppRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'config')) && existsSync(join(folder, 'migrations'))) return folder
    if (dirname(folder) === folder) {
      throw new Error(`cannot find the app folder (config/ and migrations/) above ${start}`)
    }
  }
}
