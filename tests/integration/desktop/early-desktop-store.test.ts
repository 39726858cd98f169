import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startEarlyDesktopStore } from '../../../src-main/desktop/early-desktop-store'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { DataFolderLock, openStore } from '../../../src-main/engine/store'
import { EarlyStore } from '../../../src-main/engine/store/early-store'
import { capturingLogger } from '../../helpers/market/capturing-logger'

const dataDir = () => mkdtempSync(join(tmpdir(), 'tg-early-desktop-'))
/** The paths of a new data folder; the template is the one the test run shares. */
const pathsOf = (folder: string) => ({
  dataDir: folder,
  cacheDir: process.env.TRIPLEGAIN_CACHE_DIR ?? join(folder, 'cache'),
})

describe('startEarlyDesktopStore', () => {
  it("starts the data folder's database; the engine's store takes it over", async () => {
    const folder = dataDir()
    const early = startEarlyDesktopStore(pathsOf(folder), {}, silentLogger())
    expect(early).toBeInstanceOf(EarlyStore)
    const store = await openStore(
      { driver: 'pglite', dataDir: join(folder, 'db'), isOnThread: true },
      early,
    )
    expect(await store.execute('SELECT 1 AS one')).toEqual([{ one: 1 }])
    await store.close()
  }, 60_000)

  it('starts nothing for a PostgreSQL URL', () => {
    const env = { DATABASE_URL: 'postgres://x@127.0.0.1/db' }
    expect(startEarlyDesktopStore(pathsOf(dataDir()), env, silentLogger())).toBeNull()
  })

  it('leaves a folder another process holds to the engine start, with a warning', () => {
    const folder = dataDir()
    // Our parent's pid: a live process other than this one.
    const lock = DataFolderLock.acquire(join(folder, 'db'), process.ppid)
    const { logger, lines } = capturingLogger()
    expect(startEarlyDesktopStore(pathsOf(folder), {}, logger)).toBeNull()
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40, // warn
        msg: 'database not started early; the engine start opens it',
        reason: expect.stringContaining(String(process.ppid)),
      }),
    ])
    lock.release()
  })
})
