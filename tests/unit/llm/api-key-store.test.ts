import { describe, expect, it } from 'vitest'
import {
  ChainedApiKeyStore,
  EnvApiKeyStore,
  type ApiKeyStore,
} from '../../../src-main/engine/llm/api-key-store'

describe('EnvApiKeyStore', () => {
  const names = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', xai: null }

  it('reads the variable named for the provider, trimmed', async () => {
    const store = new EnvApiKeyStore(names, { OPENAI_API_KEY: '  sk-1 ' })
    expect(await store.get('openai')).toBe('sk-1')
  })

  it.each([
    ['unset', {}, 'openai'],
    ['blank', { OPENAI_API_KEY: '   ' }, 'openai'],
    ['provider without a variable name', { XAI: 'x' }, 'xai'],
    ['provider not listed', {}, 'deepseek'],
  ] as const)('returns null when %s', async (_label, env, provider) => {
    expect(await new EnvApiKeyStore(names, env).get(provider)).toBeNull()
  })
})

describe('ChainedApiKeyStore', () => {
  const fixed = (key: string | null): ApiKeyStore => ({ get: async () => key })

  it('returns the first key found', async () => {
    expect(await new ChainedApiKeyStore([fixed(null), fixed('b'), fixed('c')]).get('openai')).toBe(
      'b',
    )
  })

  it('returns null when no store has a key', async () => {
    expect(await new ChainedApiKeyStore([fixed(null)]).get('openai')).toBeNull()
  })
})
