import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src-main/engine/config'
import type { EngineParts } from '../../../src-main/engine/engine-parts'
import { settingsCommands } from '../../../src-main/engine/services/settings-commands'

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
