import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { silentLogger, type Logger } from '../logging/logger'
import type { Database } from './database'
import { jsonInsert } from './json-insert'

/** Rows per INSERT statement: well under PostgreSQL's 65,535 parameters for our widest table. */
const ROWS_PER_STATEMENT = 500

/** How a buffered table's rows are inserted. */
export interface AppendOptions {
  /** Skip rows whose key is already stored (the table's unique constraint decides). */
  readonly isConflictIgnored?: boolean
  /**
   * Replace the stored row with the same value in this unique column (within a batch the
   * last row of a key wins, as consecutive upserts would).
   */
  readonly upsertOn?: PgColumn
}

interface TableBuffer {
  readonly table: PgTable
  readonly options: AppendOptions
  rows: Record<string, unknown>[]
  waiters: Waiter[]
}

interface Waiter {
  resolve(): void
  reject(error: unknown): void
}

/** What a write-behind buffer has done since it was made, for status and tests. */
export interface WriteBehindStats {
  readonly flushes: number
  readonly rowsWritten: number
  readonly rowsFailed: number
  readonly pending: number
}

/** How a {@link WriteBehind} writes. */
export interface WriteBehindOptions {
  readonly db: Database
  readonly logger: Logger
  /**
   * Pending writes that start a flush. 1 writes every row as it comes (live and paper: a
   * crash loses nothing that was reported written); a replay buffers hundreds and writes
   * them in multi-row statements, because one round trip per row is what bounds its speed.
   */
  readonly batchRows: number
  /**
   * Where batches a full buffer starts are written (see Store.backgroundDb): nobody awaits
   * them, so a replay's clock need not wait for them. `db` when omitted.
   */
  readonly backgroundDb?: Database
}

/**
 * Writes the engine's append-only records (agent outputs, LLM calls, execution events,
 * snapshots) and latest-wins state rows in batches. Rows are written in the order they were
 * given, table by table; reads that must see them call {@link flush} first.
 *
 * With `batchRows` 1 the promise of {@link append} settles when the row is stored, as a
 * plain insert would. With more, it settles once the row is buffered and a failed batch is
 * retried row by row so one bad row costs only itself (logged with its table); the rest of
 * the batch is stored.
 */
export class WriteBehind {
  readonly #options: WriteBehindOptions
  readonly #buffers = new Map<PgTable, TableBuffer>()
  readonly #latest = new Map<string, (db: Database) => Promise<void>>()
  #pending = 0
  #chain: Promise<void> = Promise.resolve()
  #flushes = 0
  #rowsWritten = 0
  #rowsFailed = 0
  #flushesAwaited = 0
  #idleWaiters: (() => void)[] = []

  constructor(options: WriteBehindOptions) {
    if (!Number.isInteger(options.batchRows) || options.batchRows < 1) {
      throw new Error(`write-behind batchRows must be a positive integer: got ${options.batchRows}`)
    }
    this.#options = options
  }

  /** A write-behind that writes every row at once; the default of every repository. */
  static immediate(db: Database, logger?: Logger): WriteBehind {
    return new WriteBehind({ db, logger: logger ?? silentLogger(), batchRows: 1 })
  }

  /** True when rows are written as they come (the caller's await covers the write). */
  get isImmediate(): boolean {
    return this.#options.batchRows === 1
  }

  get stats(): WriteBehindStats {
    return {
      flushes: this.#flushes,
      rowsWritten: this.#rowsWritten,
      rowsFailed: this.#rowsFailed,
      pending: this.#pending,
    }
  }

  /** Queues one row of `table` (see the class comment for when the promise settles). */
  append<T extends PgTable>(
    table: T,
    row: T['$inferInsert'],
    options: AppendOptions = {},
  ): Promise<void> {
    let buffer = this.#buffers.get(table)
    if (buffer === undefined) {
      buffer = { table, options, rows: [], waiters: [] }
      this.#buffers.set(table, buffer)
    }
    buffer.rows.push(row as Record<string, unknown>)
    this.#pending++
    if (!this.isImmediate) {
      this.#flushWhenFull()
      return Promise.resolve()
    }
    const written = new Promise<void>((resolve, reject) => buffer.waiters.push({ resolve, reject }))
    this.#flushWhenFull()
    return written
  }

  /**
   * Queues a write that replaces an earlier one of the same `key` (a state row saved over and
   * over): only the newest queued write runs.
   */
  replace(key: string, write: (db: Database) => Promise<void>): Promise<void> {
    if (this.isImmediate) return this.#enqueue(() => write(this.#options.db))
    if (!this.#latest.has(key)) this.#pending++
    this.#latest.set(key, write)
    this.#flushWhenFull()
    return Promise.resolve()
  }

  /** Writes everything queued so far; resolves when it is stored (or logged as failed). */
  flush(): Promise<void> {
    this.#flushesAwaited++
    return this.#enqueue(() => this.#writePending(this.#options.db)).finally(() => {
      if (--this.#flushesAwaited > 0) return
      const waiters = this.#idleWaiters
      this.#idleWaiters = []
      for (const wake of waiters) wake()
    })
  }

  /**
   * Resolves when no {@link flush} is in progress; null when none is. A flush may wait for a
   * batch written in the background, so a replay's clock waits for this as for the store.
   */
  whenIdle(): Promise<void> | null {
    if (this.#flushesAwaited === 0) return null
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  #flushWhenFull(): void {
    if (this.#pending < this.#options.batchRows) return
    if (this.isImmediate) {
      // The caller awaits its row: written where its await is counted.
      void this.#enqueue(() => this.#writePending(this.#options.db)).catch(() => undefined)
      return
    }
    const db = this.#options.backgroundDb ?? this.#options.db
    void this.#enqueue(() => this.#writePending(db)).catch(() => undefined)
  }

  /** Runs `work` after every write queued before it, so rows land in the order given. */
  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(work)
    this.#chain = run.catch(() => undefined)
    return run
  }

  async #writePending(db: Database): Promise<void> {
    if (this.#pending === 0) return
    this.#pending = 0
    this.#flushes++
    const latest = [...this.#latest.values()]
    this.#latest.clear()
    for (const buffer of this.#buffers.values()) {
      if (buffer.rows.length === 0) continue
      const { rows, waiters } = buffer
      buffer.rows = []
      buffer.waiters = []
      try {
        await this.#insert(db, buffer, rows)
        for (const waiter of waiters) waiter.resolve()
      } catch (error) {
        // Only immediate writes have waiters; they learn of the failure themselves.
        for (const waiter of waiters) waiter.reject(error)
      }
    }
    for (const write of latest) {
      try {
        await write(db)
      } catch (error) {
        this.#options.logger.error({ err: error }, 'write-behind could not save a state row')
      }
    }
  }

  async #insert(db: Database, buffer: TableBuffer, rows: Record<string, unknown>[]): Promise<void> {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT)
      try {
        await this.#statement(db, buffer, chunk)
        this.#rowsWritten += chunk.length
      } catch (error) {
        if (this.isImmediate) {
          this.#rowsFailed += chunk.length
          throw error
        }
        await this.#insertOneByOne(db, buffer, chunk)
      }
    }
  }

  async #insertOneByOne(
    db: Database,
    buffer: TableBuffer,
    rows: Record<string, unknown>[],
  ): Promise<void> {
    for (const row of rows) {
      try {
        await this.#statement(db, buffer, [row])
        this.#rowsWritten++
      } catch (error) {
        this.#rowsFailed++
        this.#options.logger.error(
          { err: error, table: getTableName(buffer.table) },
          'write-behind could not store a row',
        )
      }
    }
  }

  async #statement(
    db: Database,
    buffer: TableBuffer,
    rows: Record<string, unknown>[],
  ): Promise<void> {
    const { table, options } = buffer
    if (options.upsertOn !== undefined) {
      const upsert = upsertParts(table, options.upsertOn)
      await db
        .insert(table)
        .values(lastPerKey(rows, upsert.key) as never)
        .onConflictDoUpdate({ target: options.upsertOn, set: upsert.set })
      return
    }
    await db.execute(jsonInsert(table, rows, options.isConflictIgnored === true))
  }
}

/** The row property of the upsert column and the SET clause taking every other column from the new row. */
function upsertParts(table: PgTable, target: PgColumn): { key: string; set: Record<string, SQL> } {
  let key: string | null = null
  const set: Record<string, SQL> = {}
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    if (column === target) key = property
    else set[property] = sql.raw(`excluded."${column.name}"`)
  }
  if (key === null) throw new Error(`upsert column is not in table=${getTableName(table)}`)
  return { key, set }
}

/** Keeps the last row of each key, in the order of those last rows. */
function lastPerKey(rows: Record<string, unknown>[], key: string): Record<string, unknown>[] {
  const byKey = new Map<unknown, Record<string, unknown>>()
  for (const row of rows) {
    const value = row[key]
    const id = value instanceof Date ? value.getTime() : value
    byKey.delete(id)
    byKey.set(id, row)
  }
  return [...byKey.values()]
}
