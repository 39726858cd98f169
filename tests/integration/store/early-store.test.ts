import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataFolderLock, DataFolderLockedError, openStore } from '../../../src-main/engine/store'
import { EarlyStore } from '../../../src-main/engine/store/early-store'

const storeDir = () => join(mkdtempSync(join(tmpdir(), 'tg-early-')), 'db')
const onThread = (dataDir: string) => ({ driver: 'pglite' as const, dataDir, isOnThread: true })

describe('EarlyStore', () => {
  it('starts only for PGlite on a thread in a folder', async () => {
    expect(EarlyStore.startFor({ driver: 'postgres', url: 'postgres://x@127.0.0.1/db' })).toBeNull()
    expect(
      EarlyStore.startFor({ driver: 'pglite', dataDir: 'memory', isOnThread: true }),
    ).toBeNull()
    expect(EarlyStore.startFor({ driver: 'pglite', dataDir: storeDir() })).toBeNull()
    const early = EarlyStore.startFor(onThread(storeDir()))
    expect(early).toBeInstanceOf(EarlyStore)
    await early?.discard()
  })

  it('holds the folder from the start; the store that takes it over answers and frees it', async () => {
    const dir = storeDir()
    const early = EarlyStore.start(dir)
    // Another process (our parent's pid, alive) is refused the folder from now on.
    expect(() => DataFolderLock.acquire(dir, process.ppid)).toThrow(DataFolderLockedError)
    const store = await openStore(onThread(dir), early)
    expect(await store.execute('SELECT 41 + 1 AS answer')).toEqual([{ answer: 42 }])
    expect(() => early.take(dir)).toThrow('was already taken')
    // Taken over: discarding it is nothing, the store goes on answering.
    await early.discard()
    expect(await store.execute('SELECT 1 AS one')).toEqual([{ one: 1 }])
    await store.close()
    const again = await openStore(onThread(dir))
    await again.close()
  }, 60_000)

  it('is not taken over for another folder', async () => {
    const early = EarlyStore.start(storeDir())
    const other = storeDir()
    await expect(openStore(onThread(other), early)).rejects.toThrow(/early store is for .*, not /)
    await early.discard()
  }, 60_000)

  it('frees the folder when discarded before any store took it', async () => {
    const dir = storeDir()
    await EarlyStore.start(dir).discard()
    const store = await openStore(onThread(dir))
    expect(await store.execute('SELECT 1 AS one')).toEqual([{ one: 1 }])
    await store.close()
  }, 60_000)

  it('starts fresh when asked: the database the folder held is gone, and only once the folder is ours', async () => {
    const dir = storeDir()
    const kept = await openStore(onThread(dir))
    await kept.execute('CREATE TABLE played (minute int)')
    await kept.close()
    // Held by another live process (our parent): the folder is refused and nothing removed.
    const lock = DataFolderLock.acquire(dir, process.ppid)
    expect(() => EarlyStore.start(dir, null, { isFresh: true })).toThrow(DataFolderLockedError)
    lock.release()
    const again = await openStore(onThread(dir))
    expect(await again.execute("SELECT to_regclass('played') IS NOT NULL AS kept")).toEqual([
      { kept: true },
    ])
    await again.close()

    const fresh = EarlyStore.start(dir, null, { isFresh: true })
    const store = await openStore(onThread(dir), fresh)
    expect(await store.execute("SELECT to_regclass('played') IS NOT NULL AS kept")).toEqual([
      { kept: false },
    ])
    await store.close()
  }, 60_000)
})
