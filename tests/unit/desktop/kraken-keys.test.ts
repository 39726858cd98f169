import { describe, expect, it } from 'vitest'
import { readStoredKrakenKeys, withKrakenKeys } from '../../../src-main/desktop/kraken-keys'
import type { AppConfig } from '../../../src-main/engine/config'
import { KRAKEN_SECRET_ENTRY } from '../../../src-main/engine/services/settings-commands'

const store = (entries: Record<string, string>) => ({
  get: async (entry: string) => entries[entry] ?? null,
})

function config(apiKey: string | null, apiSecret: string | null): AppConfig {
  return {
    execution: {
      execution: {
        mode: 'paper',
        kraken: { api_key: apiKey, api_secret: apiSecret, timeout_ms: 1 },
      },
    },
  } as unknown as AppConfig
}
const krakenOf = (value: AppConfig) => value.execution.execution.kraken

describe('stored Kraken keys', () => {
  it.each([
    [
      { kraken: 'k', [KRAKEN_SECRET_ENTRY]: 's' },
      { apiKey: 'k', apiSecret: 's' },
    ],
    [{ kraken: 'k' }, null],
    [{ [KRAKEN_SECRET_ENTRY]: 's' }, null],
    [{}, null],
  ])('reads %j as %j', async (entries, expected) => {
    expect(await readStoredKrakenKeys(store(entries))).toEqual(expected)
  })

  it('fills stored keys into a config without them, leaving the rest alone', () => {
    const original = config(null, null)
    const filled = withKrakenKeys(original, { apiKey: 'k', apiSecret: 's' })
    expect(krakenOf(filled)).toMatchObject({ api_key: 'k', api_secret: 's', timeout_ms: 1 })
    expect(krakenOf(original).api_key).toBeNull()
  })

  it.each([
    ['no stored keys', config(null, null), null, null],
    [
      'keys already configured',
      config('env-key', 'env-secret'),
      { apiKey: 'k', apiSecret: 's' },
      'env-key',
    ],
  ])('leaves the config as it is with %s', (_name, original, keys, expectedKey) => {
    const result = withKrakenKeys(original, keys)
    expect(result).toBe(original)
    expect(krakenOf(result).api_key).toBe(expectedKey)
  })
})
