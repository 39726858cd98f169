import type { KeyedProviderName } from './llm-types'

/**
 * Where API keys come from. The desktop host implements it with Electron safeStorage;
 * {@link EnvApiKeyStore} reads the environment variables named in agents.yaml.
 * A key is returned to the provider that needs it and never logged.
 */
export interface ApiKeyStore {
  /** Returns the key for `provider`, or null when none is stored. */
  get(provider: KeyedProviderName): Promise<string | null>
}

/** Reads keys from environment variables; `names` maps provider → variable name. */
export class EnvApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly names: Readonly<Partial<Record<KeyedProviderName, string | null>>>,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  async get(provider: KeyedProviderName): Promise<string | null> {
    const name = this.names[provider]
    if (!name) return null
    const value = this.env[name]?.trim()
    return value ? value : null
  }
}

/** Asks several stores in order and returns the first key found (e.g. key store, then env). */
export class ChainedApiKeyStore implements ApiKeyStore {
  constructor(private readonly stores: readonly ApiKeyStore[]) {}

  async get(provider: KeyedProviderName): Promise<string | null> {
    for (const store of this.stores) {
      const key = await store.get(provider)
      if (key) return key
    }
    return null
  }
}
