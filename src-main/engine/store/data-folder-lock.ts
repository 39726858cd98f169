import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'

/** Thrown when another live process already holds the data folder. */
export class DataFolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly ownerPid: number,
  ) {
    super(
      `the database folder is in use by another TripleGain process: folder=${folder} pid=${ownerPid}. ` +
        'Close the other instance (two engines on one account would double-trade) or use another TRIPLEGAIN_DATA_DIR.',
    )
    this.name = 'DataFolderLockedError'
  }
}

/**
 * An exclusive lock on a PGlite data folder: PGlite is single-process, and a second process
 * writing the same files would corrupt them. A lock left by a dead process is taken over.
 */
export class DataFolderLock {
  private released = false

  private constructor(private readonly lockPath: string) {}

  /** Takes the lock or throws {@link DataFolderLockedError}. */
  static acquire(folder: string, pid: number = process.pid): DataFolderLock {
    mkdirSync(folder, { recursive: true })
    const lockPath = join(folder, 'triplegain.lock')
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lockPath, 'wx')
        writeSync(fd, String(pid))
        closeSync(fd)
        return new DataFolderLock(lockPath)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const owner = readOwner(lockPath)
        if (owner !== null && owner !== pid && isAlive(owner)) {
          throw new DataFolderLockedError(folder, owner)
        }
        // Stale lock from a crashed process (or our own pid reused): take it over.
        rmSync(lockPath, { force: true })
      }
    }
    throw new Error(`could not take the data folder lock: path=${lockPath}`)
  }

  /** Releases the lock; safe to call twice. */
  release(): void {
    if (this.released) return
    this.released = true
    if (existsSync(this.lockPath)) rmSync(this.lockPath, { force: true })
  }
}

function readOwner(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
