import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src-main/engine/config'
import { apiKeyStatuses } from '../../../src-main/engine/services/api-key-status'

const CONFIG_DIR = join(fileURLToPath(new URL('../../..', import.meta.url)), 'config')
const { config } = loadConfig({ configDir: CONFIG_DIR, env: {} })

/** A key store holding the given entries. */
const storeWith = (...entries: string[]) => ({
  has: async (provider: string) => entries.includes(provider),
})

describe('apiKeyStatuses', () => {
  it('names the environment variables of every provider and which are set', async () => {
    const statuses = await apiKeyStatuses({
      config,
      env: {
        OPENAI_API_KEY: 'sk-env-12345678',
        KRAKEN_API_KEY: 'kraken-key',
        DEEPSEEK_API_KEY: ' ',
      },
      keyStore: null,
    })
    expect(statuses).toEqual([
      {
        provider: 'kraken',
        // Kraken needs its secret too: a key alone is not a usable key.
        isSet: false,
        source: 'none',
        environmentVariables: [
          { name: 'KRAKEN_API_KEY', isSet: true },
          { name: 'KRAKEN_API_SECRET', isSet: false },
        ],
        canStore: false,
      },
      {
        provider: 'openai',
        isSet: true,
        source: 'environment',
        environmentVariables: [{ name: 'OPENAI_API_KEY', isSet: true }],
        canStore: false,
      },
      {
        provider: 'anthropic',
        isSet: false,
        source: 'none',
        environmentVariables: [{ name: 'ANTHROPIC_API_KEY', isSet: false }],
        canStore: false,
      },
      {
        provider: 'deepseek',
        isSet: false,
        source: 'none',
        environmentVariables: [{ name: 'DEEPSEEK_API_KEY', isSet: false }],
        canStore: false,
      },
      {
        provider: 'xai',
        isSet: false,
        source: 'none',
        environmentVariables: [{ name: 'XAI_BEARER_API_KEY', isSet: false }],
        canStore: false,
      },
    ])
    expect(JSON.stringify(statuses)).not.toContain('sk-env-12345678')
  })

  it('reads Kraken from the environment when both its key and secret are set', async () => {
    const [kraken] = await apiKeyStatuses({
      config,
      env: { KRAKEN_API_KEY: 'kraken-key', KRAKEN_API_SECRET: 'kraken-secret' },
      keyStore: null,
    })
    expect(kraken).toMatchObject({ isSet: true, source: 'environment' })
  })

  it('prefers the key store where the host has one, and says it can store keys', async () => {
    const statuses = await apiKeyStatuses({
      config,
      env: { ANTHROPIC_API_KEY: 'sk-ant-env' },
      keyStore: storeWith('anthropic', 'openai'),
    })
    expect(statuses.map(({ provider, source, canStore }) => [provider, source, canStore])).toEqual([
      ['kraken', 'none', true],
      ['openai', 'keystore', true],
      ['anthropic', 'keystore', true],
      ['deepseek', 'none', true],
      ['xai', 'none', true],
    ])
  })

  it('has no variable for a provider whose configuration names none', async () => {
    const withoutVariable = {
      ...config,
      agents: {
        ...config.agents,
        providers: {
          ...config.agents.providers,
          xai: { ...config.agents.providers.xai, api_key_env: null },
        },
      },
    }
    const statuses = await apiKeyStatuses({ config: withoutVariable, env: {}, keyStore: null })
    expect(statuses.find((status) => status.provider === 'xai')).toMatchObject({
      isSet: false,
      environmentVariables: [],
    })
  })
})
