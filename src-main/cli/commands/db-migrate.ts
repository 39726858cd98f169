import { migrateStore, openStore } from '../../engine/store'
import { storeOptionsFor, type AppPaths } from '../../app-paths'
import type { CliIo } from '../cli-io'

/** `db migrate`: applies migrations to the configured database and reports the schema version. */
export async function runDbMigrate(paths: AppPaths, io: CliIo): Promise<number> {
  const store = await openStore(storeOptionsFor(io.env, paths))
  try {
    const version = await migrateStore(store, paths.migrationsDir)
    io.out(
      `OK: schema version ${version.version} (${version.latestTag ?? 'none'}) on ${store.driver} at ${store.location}` +
        (version.isTimescale ? ' with TimescaleDB hypertables' : ''),
    )
    return 0
  } finally {
    await store.close()
  }
}
