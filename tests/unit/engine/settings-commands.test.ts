import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src-main/engine/config'
import type { EngineParts } from '../../../src-main/engine/engine-parts'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  KRAKEN_SECRET_ENTRY,
  settingsCommands,
} from '../../../src-main/engine/services/settings-commands'
import { SafeStorageKeyStore } from '../../../src-main/desktop/safe-storage-key-store'
import { FakeSafeStorage } from '../../fakes/desktop/fake-safe-storage'

const CONFIG_DIR = join(fileURLToPath(new URL('../../..', import.meta.url)), 'config')

/** Only what system:info reads: mode, host, key store, LLM health and the feed's state. */
function partsWith(options: {
  mode: EngineParts['mode']
  hasKeyStore: boolean
  isOllamaHealthy: boolean
  connectionState: string
}): EngineParts {
  const { config } = loadConfig({ configDir: CONFIG_DIR, env: {} })
  const ollama = { provider: 'ollama', status: options.isOllamaHealthy ? 'healthy' : 'unhealthy' }
  return {
    config,
    env: {},
    mode: options.mode,
    host: options.hasKeyStore ? 'desktop' : 'headless',
    version: 'test',
    keyStore: options.hasKeyStore ? { has: async () => false } : null,
    llm: {
      router: {
        health: () => ({
          models: [{ ...ollama, consecutiveFailures: options.isOllamaHealthy ? 0 : 3 }],
          providers: [ollama],
        }),
      },
    },
    market: { source: { connectionState: options.connectionState } },
    positions: { openPositions: () => [] },
  } as unknown as EngineParts
}

async function noticesOf(parts: EngineParts): Promise<string[]> {
  return (await settingsCommands(parts, 0)['system:info']({})).notices
}

describe('system:info notices', () => {
  it('explains paper mode, the rules provider and an unreachable exchange once each', async () => {
    const notices = await noticesOf(
      partsWith({
        mode: 'paper',
        hasKeyStore: true,
        isOllamaHealthy: false,
        connectionState: 'reconnecting',
      }),
    )
    expect(notices.map((notice) => notice.slice(0, notice.indexOf(':')))).toEqual([
      'Paper mode',
      'Rules provider',
      'Exchange',
    ])
    expect(notices[1]).toContain('add a key in Settings')
  })

  it('tells a host without a key store to set keys in the environment', async () => {
    const notices = await noticesOf(
      partsWith({
        mode: 'replay',
        hasKeyStore: false,
        isOllamaHealthy: false,
        connectionState: 'connected',
      }),
    )
    expect(notices.map((notice) => notice.slice(0, notice.indexOf(':')))).toEqual([
      'Replay',
      'Rules provider',
    ])
    expect(notices[1]).toContain('set a key in the environment before starting the host')
  })

  it('says nothing about models when one is reachable', async () => {
    const notices = await noticesOf(
      partsWith({
        mode: 'live',
        hasKeyStore: true,
        isOllamaHealthy: true,
        connectionState: 'connected',
      }),
    )
    expect(notices).toEqual([])
  })
})

describe('settings:setApiKey and settings:clearApiKey for Kraken', () => {
  function partsWithStore(keyStore: SafeStorageKeyStore): EngineParts {
    const { config } = loadConfig({ configDir: CONFIG_DIR, env: {} })
    return {
      config,
      env: {},
      keyStore,
      llm: { router: { refreshAvailability: async () => undefined } },
    } as unknown as EngineParts
  }

  it('stores the key and secret as one pair: a secret that cannot be stored leaves the old pair', async () => {
    const safeStorage = new FakeSafeStorage()
    const filePath = join(mkdtempSync(join(tmpdir(), 'tg-settings-keys-')), 'api-keys.json')
    const store = new SafeStorageKeyStore({ safeStorage, filePath, logger: silentLogger() })
    const commands = settingsCommands(partsWithStore(store), 0)
    await commands['settings:setApiKey']({
      provider: 'kraken',
      key: 'old-key',
      secret: 'old-secret',
    })

    const encrypt = safeStorage.encryptString.bind(safeStorage)
    safeStorage.encryptString = (plain) => {
      if (plain === 'new-secret') throw new Error('keychain locked')
      return encrypt(plain)
    }
    await expect(
      commands['settings:setApiKey']({ provider: 'kraken', key: 'new-key', secret: 'new-secret' }),
    ).rejects.toThrow('keychain locked')
    expect(await store.get('kraken')).toBe('old-key')
    expect(await store.get(KRAKEN_SECRET_ENTRY)).toBe('old-secret')

    const statuses = await commands['settings:clearApiKey']({ provider: 'kraken' })
    expect(statuses.find((status) => status.provider === 'kraken')?.isSet).toBe(false)
    expect(await store.has(KRAKEN_SECRET_ENTRY)).toBe(false)
  })
})
