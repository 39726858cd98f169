import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { DataFolderLock } from './data-folder-lock'
import { PgliteThread } from './pglite-thread/pglite-thread'
import type { ThreadSession } from './pglite-thread/thread-session'
import type { Database, Store } from './database'
import * as schema from './schema'

export type StoreOptions =
  | {
      driver: 'pglite'
      dataDir: string | 'memory'
      /**
       * Run PGlite on a worker thread (the hosts do): its WASM work then leaves the event loop
       * that answers the UI and moves the engine. In-process by default (tests, tools).
       */
      isOnThread?: boolean
    }
  | { driver: 'postgres'; url: string }

/** Opens PostgreSQL when a URL is given, embedded PGlite otherwise (in a folder or in memory). */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.driver === 'postgres') return openPostgres(options.url)
  return options.isOnThread === true
    ? openPgliteThread(options.dataDir)
    : openPglite(options.dataDir)
}

async function openPgliteThread(dataDir: string): Promise<Store> {
  const lock = dataDir === 'memory' ? null : DataFolderLock.acquire(dataDir)
  let thread: PgliteThread
  try {
    thread = await PgliteThread.open(dataDir === 'memory' ? 'memory' : `${dataDir}/pgdata`)
  } catch (error) {
    lock?.release()
    throw error
  }
  // drizzle only calls query, exec and transaction, which the sessions answer like PGlite.
  const asDatabase = (session: ThreadSession) =>
    drizzlePglite(session as unknown as PGlite, { schema }) as unknown as Database
  return {
    db: asDatabase(thread.session),
    backgroundDb: asDatabase(thread.background),
    driver: 'pglite',
    location: dataDir,
    whenIdle: () => thread.whenIdle(),
    async execute(sql) {
      const result = await thread.session.query<Record<string, unknown>>(sql)
      return result.rows
    },
    async close() {
      try {
        await thread.close()
      } finally {
        lock?.release()
      }
    },
  }
}

async function openPglite(dataDir: string): Promise<Store> {
  const lock = dataDir === 'memory' ? null : DataFolderLock.acquire(dataDir)
  let client: PGlite
  try {
    client = dataDir === 'memory' ? new PGlite() : new PGlite(`${dataDir}/pgdata`)
    await client.waitReady
  } catch (error) {
    lock?.release()
    throw error
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database
  return {
    db,
    backgroundDb: db,
    driver: 'pglite',
    whenIdle: () => null,
    location: dataDir,
    async execute(sql) {
      const result = await client.query<Record<string, unknown>>(sql)
      return result.rows
    },
    async close() {
      try {
        await client.close()
      } finally {
        lock?.release()
      }
    },
  }
}

async function openPostgres(url: string): Promise<Store> {
  // pg and its drizzle driver load only when PostgreSQL is configured; PGlite needs neither.
  const [{ default: pg }, { drizzle: drizzlePostgres }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
  ])
  const idleErrors: string[] = []
  const pool = new pg.Pool({ connectionString: url, max: 5 })
  // An idle pooled connection the server drops (restart, admin termination) emits 'error' on
  // the pool; without a listener that would crash the process. pg discards the dead client
  // and the next query opens a fresh one, so it is only worth a note.
  pool.on('error', (error) => {
    idleErrors.push(error.message)
  })
  // Fail fast with a clear error instead of at the first query.
  const probe = await pool.connect()
  probe.release()
  const db = drizzlePostgres(pool, { schema }) as unknown as Database
  return {
    db,
    backgroundDb: db,
    driver: 'postgres',
    whenIdle: () => null,
    location: redactUrl(url),
    idleConnectionErrors: idleErrors,
    async execute(sql) {
      const result = await pool.query(sql)
      return result.rows as Record<string, unknown>[]
    },
    async close() {
      await pool.end()
    },
  }
}

/** Returns the URL without its password, for logs and status output. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://(unparseable url)'
  }
}
