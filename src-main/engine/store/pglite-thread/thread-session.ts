import type { PgliteThread } from './pglite-thread'

/** A PGlite result as the worker sends it back. */
export interface ThreadResults<T = unknown> {
  rows: T[]
  fields: { name: string; dataTypeID: number }[]
  affectedRows?: number
}

/** The query options drizzle passes: a row mode and parsers that keep values as text. */
export interface ThreadQueryOptions {
  rowMode?: 'array' | 'object'
  parsers?: Record<number, unknown>
}

/**
 * The part of PGlite's API drizzle calls (`query`, `exec`, `transaction`), answered by the
 * worker thread; inside one transaction when `txId` is set.
 */
export class ThreadSession {
  constructor(
    private readonly thread: PgliteThread,
    /** Whether the replay clock waits for these requests (see PgliteThread.whenIdle). */
    private readonly isWaitedFor: boolean,
    private readonly txId?: number,
  ) {}

  async query<T>(
    sql: string,
    params?: unknown[],
    options?: ThreadQueryOptions,
  ): Promise<ThreadResults<T>> {
    const textTypes = options?.parsers ? Object.keys(options.parsers).map(Number) : undefined
    const message = { op: 'query', sql, params: params ?? [], rowMode: options?.rowMode, textTypes }
    return (await this.#request(message)) as ThreadResults<T>
  }

  async exec(sql: string): Promise<ThreadResults[]> {
    return (await this.#request({ op: 'exec', sql })) as ThreadResults[]
  }

  /** Runs `callback` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(callback: (tx: ThreadSession) => Promise<T>): Promise<T> {
    const txId = (await this.#request({ op: 'begin' })) as number
    const tx = new ThreadSession(this.thread, this.isWaitedFor, txId)
    let result: T
    try {
      result = await callback(tx)
    } catch (error) {
      await tx.#request({ op: 'end', isCommit: false })
      throw error
    }
    await tx.#request({ op: 'end', isCommit: true })
    return result
  }

  #request(message: Record<string, unknown>): Promise<unknown> {
    const withTx = this.txId === undefined ? message : { ...message, tx: this.txId }
    return this.thread.request(withTx, this.isWaitedFor)
  }
}
