import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateStore, openStore, type Store } from '../../../src-main/engine/store'
import { MIGRATIONS_DIR } from '../../helpers/test-store'

/** A copy of the shipped migrations the test may edit. */
function copyOfMigrations(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'tg-migrations-')), 'migrations')
  cpSync(MIGRATIONS_DIR, folder, { recursive: true })
  return folder
}

interface Journal {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[]
}

function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal
}

/** The version and tag of the newest shipped migration. */
function shipped(folder: string): { version: number; latestTag: string } {
  const { entries } = readJournal(folder)
  return { version: entries.length, latestTag: entries.at(-1)!.tag }
}

function addMigration(folder: string, tag: string, sql: string): void {
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = readJournal(folder)
  const last = journal.entries.at(-1)!
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag })
  writeFileSync(journalFile, JSON.stringify(journal, null, 2))
  writeFileSync(join(folder, `${tag}.sql`), sql)
}

describe('migrateStore', () => {
  let store: Store
  let migrations: string

  beforeEach(async () => {
    store = await openStore({ driver: 'pglite', dataDir: 'memory' })
    migrations = copyOfMigrations()
  })

  afterEach(async () => {
    await store.close()
  })

  it('migrates a fresh store to the newest migration', async () => {
    expect(await migrateStore(store, migrations)).toEqual({
      ...shipped(migrations),
      isTimescale: false,
    })
  })

  it('skips the migrator on a store already at the newest migration', async () => {
    await migrateStore(store, migrations)
    const current = shipped(migrations)
    // drizzle's migrator reads every migration file; without them it would throw.
    rmSync(join(migrations, '0000_init.sql'))
    expect(await migrateStore(store, migrations)).toEqual({ ...current, isTimescale: false })
  })

  it('still applies a migration newer than the store', async () => {
    await migrateStore(store, migrations)
    const { version } = shipped(migrations)
    addMigration(migrations, '9999_probe', 'CREATE TABLE "migration_probe" ("id" integer);')
    expect(await migrateStore(store, migrations)).toEqual({
      version: version + 1,
      latestTag: '9999_probe',
      isTimescale: false,
    })
    expect(await store.execute("SELECT to_regclass('migration_probe')::text AS name")).toEqual([
      { name: 'migration_probe' },
    ])
  })
})
