import { describe, expect, it } from 'vitest'
import { createSystemStore } from '../../../../src-renderer/src/store/system-store'
import { someSettings } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('system store', () => {
  it('loads info, settings and key status', async () => {
    const store = createSystemStore(new InMemoryEngineApi())
    await Promise.all([
      store.getState().loadInfo(),
      store.getState().loadSettings(),
      store.getState().loadApiKeys(),
    ])
    expect(store.getState().info.data?.mode).toBe('paper')
    expect(store.getState().settings.data?.apiKeys.some((key) => key.canStore)).toBe(false)
    expect(store.getState().apiKeys.data).toEqual(someSettings().apiKeys)
  })

  it('shows the host refusal to store a key (UNSUPPORTED on the headless host)', async () => {
    const api = new InMemoryEngineApi()
    const store = createSystemStore(api)
    const outcome = await store.getState().setApiKey('openai', 'sk-test-1234')
    expect(outcome.ok).toBe(false)
    expect(api.callsOf('settings:setApiKey')).toEqual([{ provider: 'openai', key: 'sk-test-1234' }])
    expect(store.getState().keyErrors.openai?.code).toBe('UNSUPPORTED')
    expect(store.getState().savingKey).toBeNull()
  })

  it('stores a key where the host can, updating the status (never holding the key)', async () => {
    const statuses = someSettings().apiKeys.map((key) =>
      key.provider === 'kraken' ? { ...key, isSet: true, source: 'keystore' as const } : key,
    )
    const api = new InMemoryEngineApi().handle('settings:setApiKey', () => statuses)
    const store = createSystemStore(api)
    await store.getState().setApiKey('kraken', 'key-12345678', 'secret-12345678')
    expect(api.callsOf('settings:setApiKey')).toEqual([
      { provider: 'kraken', key: 'key-12345678', secret: 'secret-12345678' },
    ])
    expect(store.getState().apiKeys.data).toEqual(statuses)
    expect(JSON.stringify(store.getState())).not.toContain('key-12345678')
    await store.getState().clearApiKey('kraken')
    expect(api.callsOf('settings:clearApiKey')).toEqual([{ provider: 'kraken' }])
  })
})
