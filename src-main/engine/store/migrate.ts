import { readFileSync } from 'node:fs'
import { join } from 'node:path'
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

interface JournalEntry {
  idx: number
  tag: string
  /** drizzle-kit's timestamp of the migration; the migrator stores it as `created_at`. */
  when: number
}

/**
 * Applies the drizzle-kit migrations in `migrationsDir` (idempotent) and reports the version.
 * A store already at the newest migration skips drizzle's migrator, which reads and hashes
 * every migration file and opens a transaction on each start.
 */
export async function migrateStore(store: Store, migrationsDir: string): Promise<SchemaVersion> {
  const journal = readJournal(migrationsDir)
  if (!(await isCurrent(store, journal))) await runMigrator(store, migrationsDir)
  const isTimescale = await applyTimescale(store)
  return { ...(await schemaVersion(store, journal)), isTimescale }
}

/**
 * Returns true when the newest applied migration is at least as new as the newest in the
 * journal — the same test drizzle's migrator uses to decide there is nothing to run.
 */
async function isCurrent(store: Store, journal: readonly JournalEntry[]): Promise<boolean> {
  const newest = Math.max(...journal.map((entry) => entry.when))
  const table = await store.execute(
    "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present",
  )
  if (table[0]?.present !== true) return false
  const rows = await store.execute(
    'SELECT max(created_at)::text AS latest FROM drizzle.__drizzle_migrations',
  )
  const latest = rows[0]?.latest
  return typeof latest === 'string' && Number(latest) >= newest
}

// The driver's migrator is imported only when there is something to migrate.
async function runMigrator(store: Store, migrationsDir: string): Promise<void> {
  if (store.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(store.db as unknown as PgliteDatabase, { migrationsFolder: migrationsDir })
  } else {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator')
    await migrate(store.db as unknown as NodePgDatabase, { migrationsFolder: migrationsDir })
  }
}

function readJournal(migrationsDir: string): JournalEntry[] {
  const file = join(migrationsDir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(file, 'utf8')) as { entries: JournalEntry[] }
  return journal.entries
}

async function schemaVersion(
  store: Store,
  journal: readonly JournalEntry[],
): Promise<Omit<SchemaVersion, 'isTimescale'>> {
  const rows = await store.execute(
    'SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations',
  )
  const version = Number(rows[0]?.applied ?? 0)
  const latestTag = journal.find((entry) => entry.idx === version - 1)?.tag ?? null
  return { version, latestTag }
}
