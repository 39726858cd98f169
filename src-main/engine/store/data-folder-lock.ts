import { randomUUID } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const LOCK_NAME = 'triplegain.lock'
/**
 * How long an empty lock counts as being written. Locks are linked with their pid in place,
 * so only an older TripleGain (create, then write) shows one, for microseconds; an empty lock
 * older than this was left by a crash between the two steps.
 */
const BEING_WRITTEN_MS = 10_000
/** Enough for a takeover, a racer's fresh lock and a lock released meanwhile. */
const MAX_ATTEMPTS = 5

/** Thrown when another live process already holds the data folder. */
export class DataFolderLockedError extends Error {
  /** `ownerPid` is null while an older TripleGain is still writing its pid into the lock. */
  constructor(
    readonly folder: string,
    readonly ownerPid: number | null,
  ) {
    super(
      `the database folder is in use by another TripleGain process: folder=${folder} pid=${ownerPid ?? 'unknown'}. ` +
        'Close the other instance (two engines on one account would double-trade) or use another TRIPLEGAIN_DATA_DIR.',
    )
    this.name = 'DataFolderLockedError'
  }
}

/** What a lock (or takeover claim) file says about its holder. */
type LockState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'held'; readonly ownerPid: number | null }
  | { readonly kind: 'stale' }

interface LockPaths {
  readonly lock: string
  /** Whoever links this may remove a stale lock; see {@link removeStaleLock}. */
  readonly claim: string
  /** Our pid, written before it is linked, so that no lock is ever seen without its pid. */
  readonly temp: string
}

/**
 * An exclusive lock on a PGlite data folder: PGlite is single-process, and a second process
 * writing the same files would corrupt them. A lock left by a dead process is taken over.
 */
export class DataFolderLock {
  private released = false

  private constructor(
    private readonly lockPath: string,
    private readonly pid: number,
  ) {}

  /** Takes the lock or throws {@link DataFolderLockedError}. */
  static acquire(folder: string, pid: number = process.pid): DataFolderLock {
    mkdirSync(folder, { recursive: true })
    const paths: LockPaths = {
      lock: join(folder, LOCK_NAME),
      claim: join(folder, `${LOCK_NAME}.takeover`),
      temp: join(folder, `${LOCK_NAME}.${pid}.${randomUUID()}.tmp`),
    }
    writeFileSync(paths.temp, String(pid), { flag: 'wx' })
    try {
      // The file system's own clock dates the lock files, so it also dates "now".
      const nowMs = statSync(paths.temp).mtimeMs
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (tryLink(paths.temp, paths.lock)) return new DataFolderLock(paths.lock, pid)
        let state = readLockState(paths.lock, pid, nowMs)
        if (state.kind === 'stale') state = removeStaleLock(paths, pid, nowMs)
        if (state.kind === 'held') throw new DataFolderLockedError(folder, state.ownerPid)
      }
      throw new Error(`could not take the data folder lock: path=${paths.lock}`)
    } finally {
      rmSync(paths.temp, { force: true })
    }
  }

  /** Releases the lock; safe to call twice, and leaves a lock another process has taken over. */
  release(): void {
    if (this.released) return
    this.released = true
    if (readLockFile(this.lockPath)?.text === String(this.pid))
      rmSync(this.lockPath, { force: true })
  }
}

/**
 * Removes a stale lock so that the caller can link its own, and says what to do next.
 * Removing on the strength of an earlier reading is the race: two processes that both saw the
 * stale lock would each delete it, the second deleting the first's fresh lock. So only the one
 * that links the claim file may remove it, and it reads the lock again first; while it holds
 * the claim, nobody else can remove or replace the lock. A claim held by a live process means
 * that process is taking the folder. A claim whose holder died (a crash inside this function)
 * is cleared; that is unsafe only if two processes clear it at once, a double fault we accept.
 */
function removeStaleLock(paths: LockPaths, pid: number, nowMs: number): LockState {
  if (!tryLink(paths.temp, paths.claim)) {
    const claim = readLockState(paths.claim, pid, nowMs)
    if (claim.kind === 'stale') rmSync(paths.claim, { force: true })
    return claim
  }
  try {
    const state = readLockState(paths.lock, pid, nowMs)
    if (state.kind === 'stale') rmSync(paths.lock, { force: true })
    return state
  } finally {
    rmSync(paths.claim, { force: true })
  }
}

/** Whether `path` now names our temporary file: link fails atomically when it exists. */
function tryLink(temp: string, path: string): boolean {
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

function readLockState(path: string, pid: number, nowMs: number): LockState {
  const file = readLockFile(path)
  if (file === null) return { kind: 'absent' }
  if (file.text === '') {
    return nowMs - file.modifiedMs < BEING_WRITTEN_MS
      ? { kind: 'held', ownerPid: null }
      : { kind: 'stale' }
  }
  const ownerPid = Number.parseInt(file.text, 10)
  // A dead owner, unreadable text, or our own pid reused after a crash: the lock is stale.
  const isHeld = Number.isInteger(ownerPid) && ownerPid > 0 && ownerPid !== pid && isAlive(ownerPid)
  return isHeld ? { kind: 'held', ownerPid } : { kind: 'stale' }
}

/** The file's trimmed text and modification time, or null when there is no such file. */
function readLockFile(path: string): { readonly text: string; readonly modifiedMs: number } | null {
  try {
    return { text: readFileSync(path, 'utf8').trim(), modifiedMs: statSync(path).mtimeMs }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
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
