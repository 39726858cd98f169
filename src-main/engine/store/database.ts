import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema'

/** The drizzle database every repository takes; the same type on PGlite and PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

export type StoreDriver = 'pglite' | 'postgres'

/** An open database with its driver; close it once on shutdown. */
export interface Store {
  readonly db: Database
  /**
   * The same database for batches written behind the engine (see WriteBehind): with PGlite on
   * a worker thread a replay's clock does not wait for them; elsewhere it is `db` itself.
   */
  readonly backgroundDb: Database
  readonly driver: StoreDriver
  /** Where the data lives: a folder for PGlite ("memory" when in memory), a URL without password for PostgreSQL. */
  readonly location: string
  /** Messages of pooled idle connections the server dropped (PostgreSQL only; they are replaced). */
  readonly idleConnectionErrors?: readonly string[]
  /**
   * Resolves when no query the engine awaits is being answered outside its event loop (PGlite
   * on a worker thread); null when none is in flight, as always in-process and on PostgreSQL,
   * where answers arrive as I/O the event loop already waits for.
   */
  whenIdle(): Promise<void> | null
  /** Runs raw SQL (used for migrations bookkeeping and the TimescaleDB path). */
  execute(sql: string): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}
