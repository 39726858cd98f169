import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AppPaths } from '../../../src-main/app-paths'
import { startDesktopEngine, unavailableCommands } from '../../../src-main/desktop/desktop-engine'
import { SafeStorageKeyStore } from '../../../src-main/desktop/safe-storage-key-store'
import type { AppConfig } from '../../../src-main/engine/config'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { EarlyStore } from '../../../src-main/engine/store/early-store'
import { KRAKEN_SECRET_ENTRY } from '../../../src-main/engine/services/settings-commands'
import type { RunningEngine, StartEngineOptions } from '../../../src-main/host/start-engine'
import type { CommandHandlers } from '../../../src-main/transport/command-handlers'
import { dispatchCommand } from '../../../src-main/transport/dispatch-command'
import { COMMAND_NAMES } from '../../../src-shared/contract'
import { FakeSafeStorage } from '../../fakes/desktop/fake-safe-storage'

const paths = { dataDir: '/data' } as AppPaths

function keyStore(): SafeStorageKeyStore {
  const folder = mkdtempSync(join(tmpdir(), 'tg-desktop-engine-'))
  return new SafeStorageKeyStore({
    safeStorage: new FakeSafeStorage(),
    filePath: join(folder, 'api-keys.json'),
    logger: silentLogger(),
  })
}

function fakeRunning(): { running: RunningEngine; closed: string[] } {
  const closed: string[] = []
  const commands = {} as CommandHandlers
  const events = { subscribe: () => () => undefined }
  const running = {
    engine: { commands, events, ordersInFlight: () => 4 },
    close: async () => void closed.push('closed'),
  } as unknown as RunningEngine
  return { running, closed }
}

describe('startDesktopEngine', () => {
  it('starts a desktop engine on live market data with the key store and stored Kraken keys', async () => {
    const store = keyStore()
    await store.set({ kraken: 'stored-key' })
    await store.set({ [KRAKEN_SECRET_ENTRY]: 'stored-secret' })
    const { running, closed } = fakeRunning()
    let received: StartEngineOptions | null = null
    const errors: string[] = []
    const engine = await startDesktopEngine({
      start: async (options) => {
        received = options
        return running
      },
      paths,
      env: {},
      logger: silentLogger(),
      version: '1.2.3',
      keyStore: store,
      showError: (_title, message) => errors.push(message),
    })
    const options = received as unknown as StartEngineOptions
    expect(options).toMatchObject({ host: 'desktop', market: { kind: 'live' }, version: '1.2.3' })
    expect(options.keyStore).toBe(store)
    expect(options.modeFlag).toBeUndefined()
    const configured = options.configure?.({
      execution: { execution: { kraken: { api_key: null, api_secret: null } } },
    } as unknown as AppConfig)
    expect(configured?.execution.execution.kraken).toEqual({
      api_key: 'stored-key',
      api_secret: 'stored-secret',
    })
    expect(engine.startError).toBeNull()
    expect(engine.commands).toBe(running.engine.commands)
    expect(engine.events).toBe(running.engine.events)
    expect(engine.ordersInFlight()).toBe(4)
    await engine.stop()
    expect(closed).toEqual(['closed'])
    expect(errors).toEqual([])
  })

  it('shows why the engine did not start (message only) and answers every command UNAVAILABLE', async () => {
    const shown: [string, string][] = []
    const failure = new Error('config/risk.yaml: risk.max_leverage: expected a number')
    const engine = await startDesktopEngine({
      start: async () => {
        throw failure
      },
      paths,
      env: {},
      logger: silentLogger(),
      version: '1.2.3',
      keyStore: keyStore(),
      showError: (title, message) => shown.push([title, message]),
    })
    expect(shown).toEqual([
      [
        'TripleGain could not start its engine',
        'config/risk.yaml: risk.max_leverage: expected a number',
      ],
    ])
    expect(shown[0]?.[1]).not.toContain('at ')
    expect(engine.startError).toBe(failure.message)
    expect(engine.ordersInFlight()).toBe(0)
    await expect(engine.stop()).resolves.toBeUndefined()
    const unsubscribe = engine.events.subscribe(() => undefined)
    expect(() => unsubscribe()).not.toThrow()
    expect(await dispatchCommand(engine.commands, 'system:info', {}, silentLogger())).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: `the engine is not running: ${failure.message}`,
      },
    })
  })

  it('hands the start its early store, and discards one the start never took over', async () => {
    const discarded: string[] = []
    const earlyStore = {
      discard: async () => void discarded.push('discarded'),
    } as unknown as EarlyStore
    const common = { paths, env: {}, logger: silentLogger(), version: '1', earlyStore }
    const startWith = (start: (options: StartEngineOptions) => Promise<RunningEngine>) =>
      startDesktopEngine({ ...common, start, keyStore: keyStore(), showError: () => undefined })
    let received: StartEngineOptions | null = null
    const { running } = fakeRunning()
    await startWith(async (options) => {
      received = options
      return running
    })
    expect((received as unknown as StartEngineOptions).earlyStore).toBe(earlyStore)
    expect(discarded).toEqual([])

    const failed = await startWith(async () => Promise.reject(new Error('DATA_FOLDER_LOCKED')))
    expect(failed.startError).toBe('DATA_FOLDER_LOCKED')
    expect(discarded).toEqual(['discarded'])
  })

  it('reports a non-Error failure as text', async () => {
    const shown: string[] = []
    const engine = await startDesktopEngine({
      start: async () => Promise.reject('disk full'),
      paths,
      env: {},
      logger: silentLogger(),
      version: '1',
      keyStore: keyStore(),
      showError: (_title, message) => shown.push(message),
    })
    expect(shown).toEqual(['disk full'])
    expect(engine.startError).toBe('disk full')
  })
})

describe('unavailableCommands', () => {
  it('has a refusing handler for every contract command', async () => {
    const handlers = unavailableCommands('no config') as unknown as Record<
      string,
      () => Promise<unknown>
    >
    expect(Object.keys(handlers).sort()).toEqual([...COMMAND_NAMES].sort())
    for (const name of COMMAND_NAMES) {
      await expect(handlers[name]?.()).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    }
  })
})
