import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { migrateStore, openStore, type Store, type StoreOptions } from '../../src-main/engine/store'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))

/** The newest migration in the journal: the schema version a migrated store reports. */
export function latestMigration(): { version: number; tag: string } {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[]
  }
  const last = journal.entries[journal.entries.length - 1]
  if (last === undefined) throw new Error('the migration journal has no entries')
  return { version: journal.entries.length, tag: last.tag }
}

/** A migrated store for one test file plus how to dispose of it. */
export interface TestStore {
  name: 'pglite' | 'pglite-thread' | 'postgres'
  open(): Promise<Store>
  dispose(): Promise<void>
}

/**
 * The drivers repository tests run on: in-memory PGlite always, in the test's thread and on a
 * worker thread (as the hosts run it), and PostgreSQL when TEST_DATABASE_URL is set — each
 * test file gets a fresh database of its own there, so parallel test files never see each
 * other's rows.
 */
export function testStores(): TestStore[] {
  const stores: TestStore[] = [pgliteTestStore(), pgliteThreadTestStore()]
  const url = process.env.TEST_DATABASE_URL
  if (url) stores.push(postgresTestStore(url))
  return stores
}

/**
 * An in-memory PGlite store, in this thread or on a worker. Its PostgreSQL cluster comes from
 * the template the test run shares (vitest.config sets TRIPLEGAIN_CACHE_DIR) instead of each
 * store running initdb, a few seconds apiece.
 */
export function memoryStoreOptions(isOnThread = false): StoreOptions {
  const templateDir = process.env.TRIPLEGAIN_CACHE_DIR
  return {
    driver: 'pglite',
    dataDir: 'memory',
    ...(isOnThread ? { isOnThread } : {}),
    ...(templateDir ? { templateDir } : {}),
  }
}

/** An in-memory, migrated PGlite store. */
export async function openMemoryStore(): Promise<Store> {
  const store = await openStore(memoryStoreOptions())
  await migrateStore(store, MIGRATIONS_DIR)
  return store
}

/**
 * One store shared by a test file (or a `describe.each(testStores())` block): opened before its
 * first test and given to `onOpen`, emptied by `clear` (when given) before each test, closed and
 * disposed of after the last. The hooks register where this is called, so a `beforeAll` written
 * after the call already sees the store.
 */
export function useTestStore(
  testStore: TestStore,
  onOpen: (store: Store) => void,
  clear?: (store: Store) => Promise<void>,
): void {
  let store: Store | null = null
  beforeAll(async () => {
    store = await testStore.open()
    onOpen(store)
  })
  afterAll(async () => {
    try {
      await store?.close()
    } finally {
      await testStore.dispose()
    }
  })
  if (clear) {
    beforeEach(async () => {
      if (store) await clear(store)
    })
  }
}

/** {@link useTestStore} on one in-memory PGlite store, for files that need no other driver. */
export function useMemoryStore(
  onOpen: (store: Store) => void,
  clear?: (store: Store) => Promise<void>,
): void {
  useTestStore(pgliteTestStore(), onOpen, clear)
}

function pgliteTestStore(): TestStore {
  return { name: 'pglite', open: openMemoryStore, dispose: async () => {} }
}

function pgliteThreadTestStore(): TestStore {
  return {
    name: 'pglite-thread',
    async open() {
      const store = await openStore(memoryStoreOptions(true))
      await migrateStore(store, MIGRATIONS_DIR)
      return store
    },
    dispose: async () => {},
  }
}

function postgresTestStore(adminUrl: string): TestStore {
  const database = `tg_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  return {
    name: 'postgres',
    async open() {
      await admin(`CREATE DATABASE ${database}`)
      const url = new URL(adminUrl)
      url.pathname = `/${database}`
      const store = await openStore({ driver: 'postgres', url: url.toString() })
      await migrateStore(store, MIGRATIONS_DIR)
      return store
    },
    async dispose() {
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    },
  }
}
