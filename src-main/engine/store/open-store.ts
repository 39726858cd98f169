import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { DataFolderLock } from './data-folder-lock'
import { pgliteDataFolder, type EarlyStore } from './early-store'
import { pgliteStartParams } from './pglite-settings'
import { openPgliteInProcess, startWithTemplate } from './pglite-template'
import { PgliteThread } from './pglite-thread/pglite-thread'
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
      /**
       * The installation's folder for the template a new database (folder or memory) starts
       * from (see pglite-template); none when omitted.
       */
      templateDir?: string
    }
  | { driver: 'postgres'; url: string }

/**
 * Opens PostgreSQL when a URL is given, embedded PGlite otherwise (in a folder or in memory).
 * An `early` store started for the same folder is taken over instead of starting another.
 */
export async function openStore(options: StoreOptions, early?: EarlyStore | null): Promise<Store> {
  if (options.driver === 'postgres') {
    await early?.discard()
    return openPostgres(options.url)
  }
  const taken = early?.take(options.dataDir) ?? null
  return openPglite(options, taken)
}

/** What the store needs of PGlite, in this thread or on a worker. */
interface PgliteConnection {
  /** Answers drizzle's calls (query, exec, transaction) as PGlite does. */
  readonly session: Pick<PGlite, 'query'>
  /** The same database for writes behind the engine (see Store.backgroundDb). */
  readonly background: Pick<PGlite, 'query'>
  whenIdle(): Promise<void> | null
  close(): Promise<void>
}

async function connectPglite(
  folder: string | 'memory',
  isOnThread: boolean,
  templateDir: string | null,
): Promise<PgliteConnection> {
  if (isOnThread) return threadConnection(await PgliteThread.open(folder, { templateDir }))
  const options = { startParams: pgliteStartParams(PGlite.defaultStartParams) }
  const client = await startWithTemplate(folder, templateDir, (plan) =>
    openPgliteInProcess(PGlite, folder, options, plan),
  )
  // Answers arrive as microtasks of this thread: there is never anything to wait for.
  return { session: client, background: client, whenIdle: () => null, close: () => client.close() }
}

function threadConnection(thread: PgliteThread): PgliteConnection {
  return {
    session: thread.session as unknown as PGlite,
    background: thread.background as unknown as PGlite,
    whenIdle: () => thread.whenIdle(),
    close: () => thread.close(),
  }
}

async function openPglite(
  { dataDir, isOnThread, templateDir }: Extract<StoreOptions, { driver: 'pglite' }>,
  early: ReturnType<EarlyStore['take']> | null,
): Promise<Store> {
  const lock = early?.lock ?? (dataDir === 'memory' ? null : DataFolderLock.acquire(dataDir))
  let connection: PgliteConnection
  try {
    connection = early
      ? threadConnection(await early.thread)
      : await connectPglite(
          dataDir === 'memory' ? 'memory' : pgliteDataFolder(dataDir),
          isOnThread === true,
          templateDir ?? null,
        )
  } catch (error) {
    lock?.release()
    throw error
  }
  const asDatabase = (session: PgliteConnection['session']) =>
    drizzlePglite(session as PGlite, { schema }) as unknown as Database
  const db = asDatabase(connection.session)
  return {
    db,
    backgroundDb:
      connection.background === connection.session ? db : asDatabase(connection.background),
    driver: 'pglite',
    location: dataDir,
    whenIdle: () => connection.whenIdle(),
    async execute(sql) {
      const result = await connection.session.query<Record<string, unknown>>(sql)
      return result.rows
    },
    async close() {
      try {
        await connection.close()
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

/** Query parameters that carry a secret: pg reads `?password=…` as the user part's password. */
const SECRET_PARAMETERS = ['password', 'sslpassword']

/** Returns the URL without its password, for logs and status output. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    for (const name of SECRET_PARAMETERS) {
      if (parsed.searchParams.has(name)) parsed.searchParams.set(name, '***')
    }
    return parsed.toString()
  } catch {
    return 'postgres://(unparseable url)'
  }
}
