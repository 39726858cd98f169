import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { Store } from './database'
import { applyTimescale } from './timescale'

export interface SchemaVersion {
  /** Number of migrations applied. */
  version: number
  /** Tag of the newest applied migration, e.g. "0000_init". */
  latestTag: string | null
  /** Whether candles and position_snapshots are TimescaleDB hypertables. */
  isTimescale: boolean
}

/** Applies the drizzle-kit migrations in `migrationsDir` (idempotent) and reports the version. */
export async function migrateStore(store: Store, migrationsDir: string): Promise<SchemaVersion> {
  if (store.driver === 'pglite') {
    await migratePglite(store.db as unknown as PgliteDatabase, { migrationsFolder: migrationsDir })
  } else {
    await migratePostgres(store.db as unknown as NodePgDatabase, {
      migrationsFolder: migrationsDir,
    })
  }
  const isTimescale = await applyTimescale(store)
  return { ...(await schemaVersion(store, migrationsDir)), isTimescale }
}

async function schemaVersion(
  store: Store,
  migrationsDir: string,
): Promise<Omit<SchemaVersion, 'isTimescale'>> {
  const rows = await store.execute(
    'SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations',
  )
  const version = Number(rows[0]?.applied ?? 0)
  const journal = JSON.parse(
    readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: { idx: number; tag: string }[]
  }
  const latestTag = journal.entries.find((entry) => entry.idx === version - 1)?.tag ?? null
  return { version, latestTag }
}
