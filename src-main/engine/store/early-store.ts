import { rmSync } from 'node:fs'
import { DataFolderLock } from './data-folder-lock'
import type { StoreOptions } from './open-store'
import { PgliteThread } from './pglite-thread/pglite-thread'

/** The folder inside a store folder that holds PGlite's PostgreSQL data. */
export function pgliteDataFolder(storeDir: string): string {
  return `${storeDir}/pgdata`
}

/**
 * A PGlite store started before the host's modules are loaded: its folder locked and its
 * worker thread booting WASM PostgreSQL — most of a start's wall time — while this thread
 * still compiles and loads the engine. `openStore` adopts it for the same folder. Imports
 * nothing heavy, so that an entry point can start it first thing.
 */
export class EarlyStore {
  #isTaken = false

  private constructor(
    readonly storeDir: string,
    private readonly lock: DataFolderLock,
    private readonly thread: Promise<PgliteThread>,
  ) {}

  /** The early start of the store `options` open, when it is PGlite on a thread in a folder. */
  static startFor(options: StoreOptions, fresh: { isFresh?: boolean } = {}): EarlyStore | null {
    if (options.driver !== 'pglite' || options.isOnThread !== true) return null
    return options.dataDir === 'memory'
      ? null
      : EarlyStore.start(options.dataDir, options.templateDir ?? null, fresh)
  }

  /**
   * Locks `storeDir` (throws when another process holds it) and starts its worker; a new
   * folder starts from the template in `templateDir` (see pglite-template). `isFresh` first
   * removes the database the folder held, so the store starts empty.
   */
  static start(
    storeDir: string,
    templateDir: string | null = null,
    { isFresh = false }: { isFresh?: boolean } = {},
  ): EarlyStore {
    const lock = DataFolderLock.acquire(storeDir)
    // Removed only once the folder is ours: no other process is using what goes.
    if (isFresh) rmSync(pgliteDataFolder(storeDir), { recursive: true, force: true })
    const thread = PgliteThread.open(pgliteDataFolder(storeDir), { templateDir })
    // A worker that fails to start is reported where the store is opened (or discarded).
    thread.catch(() => undefined)
    return new EarlyStore(storeDir, lock, thread)
  }

  /** Hands the lock and the worker to the store opening `storeDir`; once. */
  take(storeDir: string): { lock: DataFolderLock; thread: Promise<PgliteThread> } {
    if (this.#isTaken) throw new Error(`the early store of ${this.storeDir} was already taken`)
    if (storeDir !== this.storeDir) {
      throw new Error(`the early store is for ${this.storeDir}, not ${storeDir}`)
    }
    this.#isTaken = true
    return { lock: this.lock, thread: this.thread }
  }

  /** Stops the worker and releases the folder when no store took them; otherwise nothing. */
  async discard(): Promise<void> {
    if (this.#isTaken) return
    this.#isTaken = true
    try {
      await (await this.thread).close()
    } catch {
      // It never started, or stopped on its own: nothing is left to stop.
    } finally {
      this.lock.release()
    }
  }
}
