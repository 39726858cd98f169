import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema'

/** The drizzle database every repository takes; the same type on PGlite and PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

export type StoreDriver = 'pglite' | 'postgres'

/** An open database with its driver; close it once on shutdown. */
export interface Store {
  readonly db: Database
  readonly driver: StoreDriver
  /** Where the data lives: a folder for PGlite ("memory" when in memory), a URL without password for PostgreSQL. */
  readonly location: string
  /** Messages of pooled idle connections the server dropped (PostgreSQL only; they are replaced). */
  readonly idleConnectionErrors?: readonly string[]
  /** Runs raw SQL (used for migrations bookkeeping and the TimescaleDB path). */
  execute(sql: string): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}
