import { getTableName } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { AwaitedWork } from '../clock/awaited-work'
import { silentLogger, type Logger } from '../logging/logger'
import type { Database } from './database'
import { jsonInsert, type ConflictRule } from './json-insert'

/** Rows per INSERT statement: well under PostgreSQL's 65,535 parameters for our widest table. */
const ROWS_PER_STATEMENT = 500

/** How a buffered table's rows are inserted; every append to one table gives the same options. */
export interface AppendOptions extends ConflictRule {
  /**
   * Tables this table's rows refer to (a fill to its order): their queued rows are written
   * first, so nothing reads a row before the one it refers to.
   */
  readonly references?: readonly PgTable[]
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

/** A queued {@link WriteBehind.replace} write and the table it writes. */
interface StateWrite {
  readonly table: PgTable
  readonly write: (db: Database) => Promise<void>
}

/** The rows of one table taken for a write, with whoever waits for them. */
interface TakenRows {
  readonly buffer: TableBuffer
  readonly rows: Record<string, unknown>[]
  readonly waiters: Waiter[]
}

/** What one write stores: rows table by table in write order, then state writes. */
interface Batch {
  readonly tables: readonly TakenRows[]
  readonly states: readonly StateWrite[]
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
 * snapshots, the order status log), upserted rows (orders, positions) and latest-wins state
 * rows in batches. Rows are written table by table: each table's rows in the order they were
 * given, the tables in the order of their first use except that a table is written after the
 * tables it {@link AppendOptions.references}; reads that must see them call {@link flush} first,
 * naming the tables they read.
 *
 * With `batchRows` 1 the promise of {@link append} settles when the row is stored, as a
 * plain insert would. With more, it settles once the row is buffered and a failed batch is
 * retried row by row so one bad row costs only itself (logged with its table); the rest of
 * the batch is stored.
 */
export class WriteBehind {
  readonly #options: WriteBehindOptions
  readonly #buffers = new Map<PgTable, TableBuffer>()
  readonly #latest = new Map<string, StateWrite>()
  #pending = 0
  #chain: Promise<void> = Promise.resolve()
  #flushes = 0
  #rowsWritten = 0
  #rowsFailed = 0
  readonly #awaitedFlushes = new AwaitedWork()

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
    return this.appendMany(table, [row], options)
  }

  /**
   * Queues rows of `table` that belong together (the answers of one decision): written at
   * once they go in one statement, all or none, as a multi-row insert would.
   */
  appendMany<T extends PgTable>(
    table: T,
    rows: readonly T['$inferInsert'][],
    options: AppendOptions = {},
  ): Promise<void> {
    if (rows.length === 0) return Promise.resolve()
    let buffer = this.#buffers.get(table)
    if (buffer === undefined) {
      // Checked once per table: a cycle would leave no order to write the tables in.
      if (this.#isInCycle(table, options.references ?? [])) {
        throw new Error(`write-behind tables reference each other: table=${getTableName(table)}`)
      }
      buffer = { table, options, rows: [], waiters: [] }
      this.#buffers.set(table, buffer)
    } else if (!isSameOptions(buffer.options, options)) {
      throw new Error(`write-behind table=${getTableName(table)} appended with other options`)
    }
    for (const row of rows) buffer.rows.push(row as Record<string, unknown>)
    this.#pending += rows.length
    if (!this.isImmediate) {
      this.#flushWhenFull()
      return Promise.resolve()
    }
    const written = new Promise<void>((resolve, reject) => buffer.waiters.push({ resolve, reject }))
    this.#flushWhenFull()
    return written
  }

  /**
   * Queues a write into `table` that replaces an earlier one of the same `key` (a state row
   * saved over and over): only the newest queued write runs, after the queued rows of `table`.
   * `write` must write through the `db` it is given (the background one when a full batch
   * runs it, so a replay's clock does not wait for it), and the state as it was when queued,
   * not as it is when run: rows queued after it need not be written by then.
   */
  replace(table: PgTable, key: string, write: (db: Database) => Promise<void>): Promise<void> {
    if (this.isImmediate) return this.#enqueue(() => write(this.#options.db))
    if (!this.#latest.has(key)) this.#pending++
    this.#latest.set(key, { table, write })
    this.#flushWhenFull()
    return Promise.resolve()
  }

  /**
   * Writes what is queued now; resolves when it is stored (or logged as failed). Given tables,
   * writes only theirs (rows and {@link replace} writes), after the rows of the tables they
   * reference: a read waits for the tables it reads, not for every queued row. The other
   * tables' rows stay queued, in order, for a later write. Without tables, writes all.
   */
  flush(...tables: PgTable[]): Promise<void> {
    const batch = this.#take(tables.length === 0 ? null : tables)
    return this.#awaitedFlushes.track(this.#enqueue(() => this.#write(this.#options.db, batch)))
  }

  /**
   * Resolves when no {@link flush} is in progress; null when none is. A flush may wait for a
   * batch written in the background, so a replay's clock waits for this as for the store.
   */
  whenIdle(): Promise<void> | null {
    return this.#awaitedFlushes.whenIdle()
  }

  #flushWhenFull(): void {
    if (this.#pending < this.#options.batchRows) return
    // A row written at once is awaited by its caller: written where that await is counted.
    const db = this.isImmediate
      ? this.#options.db
      : (this.#options.backgroundDb ?? this.#options.db)
    const batch = this.#take(null)
    void this.#enqueue(() => this.#write(db, batch)).catch(() => undefined)
  }

  /** Runs `work` after every write queued before it, so rows land in the order given. */
  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(work)
    this.#chain = run.catch(() => undefined)
    return run
  }

  /**
   * Takes the queued rows and state writes of `only` and the tables they reference (of all
   * when null) out of the buffers. Taken when the write is asked for, not when it runs: what
   * a batch holds then depends on the order of appends alone, not on how long earlier
   * batches took, so a replay writes the same batches every run.
   */
  #take(only: readonly PgTable[] | null): Batch | null {
    const scope = only === null ? null : this.#withReferences(only)
    const isTaken = (table: PgTable) => scope === null || scope.has(table)
    const tables: TakenRows[] = []
    for (const buffer of this.#writeOrder()) {
      if (buffer.rows.length === 0 || !isTaken(buffer.table)) continue
      tables.push({ buffer, rows: buffer.rows, waiters: buffer.waiters })
      this.#pending -= buffer.rows.length
      buffer.rows = []
      buffer.waiters = []
    }
    const states: StateWrite[] = []
    for (const [key, state] of this.#latest) {
      if (!isTaken(state.table)) continue
      states.push(state)
      this.#latest.delete(key)
    }
    this.#pending -= states.length
    return tables.length === 0 && states.length === 0 ? null : { tables, states }
  }

  /** `tables` and, transitively, the tables they reference. */
  #withReferences(tables: readonly PgTable[]): Set<PgTable> {
    const found = new Set<PgTable>()
    const visit = (table: PgTable): void => {
      if (found.has(table)) return
      found.add(table)
      for (const referenced of this.#buffers.get(table)?.options.references ?? []) visit(referenced)
    }
    for (const table of tables) visit(table)
    return found
  }

  async #write(db: Database, batch: Batch | null): Promise<void> {
    if (batch === null) return
    this.#flushes++
    for (const { buffer, rows, waiters } of batch.tables) {
      try {
        await this.#insert(db, buffer, rows)
        for (const waiter of waiters) waiter.resolve()
      } catch (error) {
        // Only immediate writes have waiters; they learn of the failure themselves.
        for (const waiter of waiters) waiter.reject(error)
      }
    }
    for (const { write } of batch.states) {
      try {
        await write(db)
      } catch (error) {
        this.#options.logger.error({ err: error }, 'write-behind could not save a state row')
      }
    }
  }

  /** The buffers in first-use order, each after the buffers of the tables it references. */
  #writeOrder(): TableBuffer[] {
    const ordered = new Set<TableBuffer>()
    const visit = (buffer: TableBuffer): void => {
      if (ordered.has(buffer)) return
      for (const table of buffer.options.references ?? []) {
        const referenced = this.#buffers.get(table)
        if (referenced !== undefined) visit(referenced)
      }
      ordered.add(buffer)
    }
    for (const buffer of this.#buffers.values()) visit(buffer)
    return [...ordered]
  }

  /** True when following references from `table` through the known tables leads back to it. */
  #isInCycle(table: PgTable, references: readonly PgTable[], seen = new Set<PgTable>()): boolean {
    for (const referenced of references) {
      if (referenced === table) return true
      if (seen.has(referenced)) continue
      seen.add(referenced)
      const next = this.#buffers.get(referenced)?.options.references ?? []
      if (this.#isInCycle(table, next, seen)) return true
    }
    return false
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
    await db.execute(jsonInsert(buffer.table, rows, buffer.options))
  }
}

function isSameOptions(a: AppendOptions, b: AppendOptions): boolean {
  // Repositories pass one constant per table: the common case needs no field-by-field look.
  if (a === b) return true
  const references = (options: AppendOptions) => options.references ?? []
  return (
    a.isConflictIgnored === b.isConflictIgnored &&
    a.upsertOn === b.upsertOn &&
    references(a).length === references(b).length &&
    references(a).every((table, index) => references(b)[index] === table)
  )
}
