import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataFolderLock, DataFolderLockedError } from '../../../src-main/engine/store'

const folder = () => mkdtempSync(join(tmpdir(), 'tg-lock-'))

describe('DataFolderLock', () => {
  it('refuses a second holder while the first process is alive', () => {
    const dir = folder()
    const lock = DataFolderLock.acquire(dir)
    // process.ppid is alive and is not us: it stands in for another TripleGain process.
    writeFileSync(join(dir, 'triplegain.lock'), String(process.ppid))
    expect(() => DataFolderLock.acquire(dir)).toThrow(DataFolderLockedError)
    expect(() => DataFolderLock.acquire(dir)).toThrow(new RegExp(`pid=${process.ppid}`))
    lock.release()
  })

  it('takes over a lock left by a dead process', () => {
    const dir = folder()
    writeFileSync(join(dir, 'triplegain.lock'), '999999999')
    const lock = DataFolderLock.acquire(dir)
    lock.release()
    lock.release()
    expect(existsSync(join(dir, 'triplegain.lock'))).toBe(false)
  })

  it('takes over an unreadable lock file', () => {
    const dir = folder()
    writeFileSync(join(dir, 'triplegain.lock'), 'garbage')
    DataFolderLock.acquire(dir).release()
  })
})
