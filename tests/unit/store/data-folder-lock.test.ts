import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataFolderLock, DataFolderLockedError } from '../../../src-main/engine/store'

const folder = () => mkdtempSync(join(tmpdir(), 'tg-lock-'))
const lockFile = (dir: string) => join(dir, 'triplegain.lock')
const claimFile = (dir: string) => join(dir, 'triplegain.lock.takeover')
const DEAD_PID = '999999999'

/** Dates a file `ageMs` into the past, as a crash that long ago would have left it. */
const age = (path: string, ageMs: number) => {
  const then = new Date(Date.now() - ageMs)
  utimesSync(path, then, then)
}

describe('DataFolderLock', () => {
  it('refuses a second holder while the first process is alive', () => {
    const dir = folder()
    const lock = DataFolderLock.acquire(dir)
    // process.ppid is alive and is not us: it stands in for another TripleGain process.
    writeFileSync(lockFile(dir), String(process.ppid))
    expect(() => DataFolderLock.acquire(dir)).toThrow(DataFolderLockedError)
    expect(() => DataFolderLock.acquire(dir)).toThrow(new RegExp(`pid=${process.ppid}`))
    lock.release()
  })

  it('writes its pid into the lock it takes', () => {
    const dir = folder()
    const lock = DataFolderLock.acquire(dir, 4321)
    expect(readFileSync(lockFile(dir), 'utf8')).toBe('4321')
    lock.release()
  })

  it('takes over a lock left by a dead process', () => {
    const dir = folder()
    writeFileSync(lockFile(dir), DEAD_PID)
    const lock = DataFolderLock.acquire(dir)
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid))
    lock.release()
    lock.release()
    expect(existsSync(lockFile(dir))).toBe(false)
  })

  it('takes over an unreadable lock file', () => {
    const dir = folder()
    writeFileSync(lockFile(dir), 'garbage')
    DataFolderLock.acquire(dir).release()
  })

  it('treats a fresh empty lock as held: an older TripleGain is still writing its pid', () => {
    const dir = folder()
    writeFileSync(lockFile(dir), '')
    expect(() => DataFolderLock.acquire(dir)).toThrow(DataFolderLockedError)
    expect(() => DataFolderLock.acquire(dir)).toThrow(/pid=unknown/)
    expect(readFileSync(lockFile(dir), 'utf8')).toBe('')
  })

  it('takes over an empty lock left long ago by a crash between create and write', () => {
    const dir = folder()
    writeFileSync(lockFile(dir), '')
    age(lockFile(dir), 60_000)
    const lock = DataFolderLock.acquire(dir)
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid))
    lock.release()
  })

  it('leaves a stale lock to the live process that is taking it over', () => {
    const dir = folder()
    writeFileSync(lockFile(dir), DEAD_PID)
    writeFileSync(claimFile(dir), String(process.ppid))
    expect(() => DataFolderLock.acquire(dir)).toThrow(new RegExp(`pid=${process.ppid}`))
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(DEAD_PID)
  })

  it('clears a takeover claim left by a process that died taking over', () => {
    const dir = folder()
    writeFileSync(lockFile(dir), DEAD_PID)
    writeFileSync(claimFile(dir), DEAD_PID)
    const lock = DataFolderLock.acquire(dir)
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid))
    expect(existsSync(claimFile(dir))).toBe(false)
    lock.release()
  })

  it('on release, leaves a lock that another process has taken over since', () => {
    const dir = folder()
    const lock = DataFolderLock.acquire(dir)
    rmSync(lockFile(dir))
    writeFileSync(lockFile(dir), String(process.ppid))
    lock.release()
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(process.ppid))
  })

  it('leaves no temporary files behind, whether it takes, takes over or is refused', () => {
    const dir = folder()
    writeFileSync(lockFile(dir), DEAD_PID)
    const lock = DataFolderLock.acquire(dir)
    expect(readdirSync(dir)).toEqual(['triplegain.lock'])
    writeFileSync(lockFile(dir), String(process.ppid))
    expect(() => DataFolderLock.acquire(dir)).toThrow(DataFolderLockedError)
    expect(readdirSync(dir)).toEqual(['triplegain.lock'])
    rmSync(lockFile(dir))
    lock.release()
    DataFolderLock.acquire(dir).release()
    expect(readdirSync(dir)).toEqual([])
  })
})
