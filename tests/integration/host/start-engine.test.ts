import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { resolveAppPaths } from '../../../src-main/app-paths'
import { Engine } from '../../../src-main/engine/engine'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { DataFolderLock, DataFolderLockedError } from '../../../src-main/engine/store'
import { startEngine, type StartEngineOptions } from '../../../src-main/host/start-engine'

function startOptions(overrides: Partial<StartEngineOptions> = {}): StartEngineOptions {
  const env = {
    TRIPLEGAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tg-start-')),
    OLLAMA_HOST: 'http://127.0.0.1:9',
  }
  return {
    paths: resolveAppPaths(env),
    env,
    logger: silentLogger(),
    host: 'headless',
    version: 'test',
    market: { kind: 'replay', speed: 'max', toMs: 0 },
    ...overrides,
  }
}

// The store opens while config and candles load; a failure on either side must not leave the
// data folder locked or an engine half started.
describe('startEngine failures while the store opens', () => {
  it('refuses an unconfirmed live start and closes the store it opened meanwhile', async () => {
    const options = startOptions({ market: { kind: 'live' }, modeFlag: 'live' })
    await expect(startEngine(options)).rejects.toThrow(/live/i)
    // The store was opened meanwhile (the folder exists) and closed: its lock is gone.
    expect(existsSync(join(options.paths.dataDir, 'db'))).toBe(true)
    expect(existsSync(join(options.paths.dataDir, 'db', 'triplegain.lock'))).toBe(false)
  }, 120_000)

  it('reports a data folder held by another process', async () => {
    const options = startOptions()
    // Held in the name of a live process other than this one (our parent).
    const held = DataFolderLock.acquire(join(options.paths.dataDir, 'db'), process.ppid)
    try {
      await expect(startEngine(options)).rejects.toBeInstanceOf(DataFolderLockedError)
    } finally {
      held.release()
    }
  })
})

describe('closing a started engine', () => {
  it('closes the store (releasing its folder) even when the engine fails to stop', async () => {
    const options = startOptions()
    const running = await startEngine(options)
    const lock = join(options.paths.dataDir, 'db', 'triplegain.lock')
    expect(existsSync(lock)).toBe(true)
    // The engine stops its parts, then fails on its last step (the broker's connection, say).
    const realStop = Engine.prototype.stop
    const stop = vi.spyOn(Engine.prototype, 'stop').mockImplementationOnce(async function (
      this: Engine,
    ) {
      await realStop.call(this)
      throw new Error('exchange connection did not close')
    })
    try {
      await expect(running.close()).rejects.toThrow('exchange connection did not close')
    } finally {
      stop.mockRestore()
    }
    expect(existsSync(lock)).toBe(false)
  }, 120_000)
})
