import { Worker } from 'node:worker_threads'
import { AwaitedWork } from '../../clock/awaited-work'
import { PGLITE_SETTINGS } from '../pglite-settings'
import {
  isFromTemplate,
  pgliteEntryPath,
  startWithTemplate,
  writePgliteTemplate,
  type PgliteTemplatePlan,
} from '../pglite-template'
import { PGLITE_WORKER_SOURCE } from './pglite-worker-source'
import { ThreadSession } from './thread-session'

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
}

interface Reply {
  id: number
  result?: unknown
  error?: Record<string, unknown>
  /** With the ready message (id 0): the new cluster's image, when asked for as a template. */
  template?: ArrayBuffer | null
}

/**
 * Embedded PGlite on a worker thread: its WASM PostgreSQL then runs beside the engine instead
 * of inside the event loop that also answers the UI and moves the replay. Requests run in the
 * order they are sent. `session` is what drizzle is given.
 *
 * A replay's virtual clock waits, before it moves, until the requests the engine awaits are
 * answered ({@link whenIdle}); the batches written behind it go through {@link background}
 * and are not waited for, which is what lets them run in parallel.
 */
export class PgliteThread {
  /** Requests the replay clock waits for. */
  readonly session: ThreadSession
  /** Requests nobody waits for: batches written behind (reads after them still see them). */
  readonly background: ThreadSession
  readonly #worker: Worker
  readonly #pending = new Map<number, Pending>()
  readonly #awaited = new AwaitedWork()
  #nextId = 1
  #failure: Error | null = null

  private constructor(
    worker: Worker,
    /** True when the folder was new and restored from the template, not made by initdb. */
    readonly isFromTemplate: boolean,
  ) {
    this.#worker = worker
    this.session = new ThreadSession(this, true)
    this.background = new ThreadSession(this, false)
  }

  /**
   * Starts the worker and opens PGlite in `dataDir` (or in memory); resolves once it is ready.
   * A new database starts from the template in `templateDir` when there is one, and leaves one
   * there when there is not (see pglite-template).
   */
  static async open(
    dataDir: string | 'memory',
    options: { templateDir?: string | null } = {},
  ): Promise<PgliteThread> {
    const pglitePath = pgliteEntryPath()
    return startWithTemplate(
      dataDir,
      options.templateDir ?? null,
      (plan) => PgliteThread.#start(pglitePath, dataDir, plan),
      pglitePath,
    )
  }

  static async #start(
    pglitePath: string,
    dataDir: string,
    plan: PgliteTemplatePlan,
  ): Promise<PgliteThread> {
    const worker = new Worker(PGLITE_WORKER_SOURCE, {
      eval: true,
      workerData: {
        pglitePath,
        dataDir,
        settings: PGLITE_SETTINGS,
        templatePath: plan.load,
        isTemplateWanted: plan.save !== null,
      },
    })
    const thread = new PgliteThread(worker, isFromTemplate(plan))
    try {
      const template = await thread.#started()
      if (plan.save !== null && template) writePgliteTemplate(plan.save, new Uint8Array(template))
    } catch (error) {
      await worker.terminate()
      throw error
    }
    return thread
  }

  /** Resolves once PGlite is ready, with the image of the new cluster when one was asked for. */
  #started(): Promise<ArrayBuffer | null> {
    return new Promise((resolve, reject) => {
      this.#worker.on('message', (reply: Reply) => {
        if (reply.id === 0) {
          if (reply.error) reject(toError(reply.error))
          else resolve(reply.template ?? null)
        } else {
          this.#settle(reply)
        }
      })
      this.#worker.on('error', (error) => {
        this.#failAll(error)
        reject(error)
      })
      this.#worker.on('exit', (code) => {
        this.#failAll(new Error(`PGlite worker stopped (exit code ${code})`))
        reject(this.#failure)
      })
    })
  }

  /** Resolves when no request the clock waits for is in flight; null when none is now. */
  whenIdle(): Promise<void> | null {
    return this.#awaited.whenIdle()
  }

  /** Sends one request to the worker (sessions do this; see pglite-worker-source for messages). */
  request(message: Record<string, unknown>, isWaitedFor: boolean): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure)
    const id = this.#nextId++
    const answer = new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#worker.postMessage({ ...message, id })
    })
    return isWaitedFor ? this.#awaited.track(answer) : answer
  }

  /** Closes PGlite (writing what it holds to the folder) and stops the worker. */
  async close(): Promise<void> {
    if (this.#failure) return
    await this.request({ op: 'close' }, true)
    this.#failure = new Error('PGlite worker is closed')
    await this.#worker.terminate()
  }

  #settle(reply: Reply): void {
    const pending = this.#pending.get(reply.id)
    if (!pending) return
    this.#pending.delete(reply.id)
    if (reply.error) pending.reject(toError(reply.error))
    else pending.resolve(reply.result)
  }

  #failAll(error: Error): void {
    this.#failure ??= error
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id)
      pending.reject(error)
    }
  }
}

/** An Error with the database error's fields (code, detail…) as the worker sent them. */
function toError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message)), fields)
}
