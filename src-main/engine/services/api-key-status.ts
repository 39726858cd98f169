import type { ApiKeyProvider, ApiKeyStatus } from '../../../src-shared/contract'
import { API_KEY_PROVIDERS } from '../../../src-shared/contract'
import type { AppConfig } from '../config'
import type { WritableKeyStore } from '../engine-parts'
import { KRAKEN_KEY_VARIABLES } from '../execution/kraken/kraken-key-variables'

/** What a key status is computed from. */
export interface KeyStatusSources {
  readonly config: AppConfig
  readonly env: Readonly<Record<string, string | undefined>>
  /** The host's encrypted key store; null where keys come only from the environment. */
  readonly keyStore: Pick<WritableKeyStore, 'has'> | null
}

/** Returns the environment variables a provider's key is read from (agents.yaml `api_key_env`). */
function keyVariablesOf(config: AppConfig, provider: ApiKeyProvider): string[] {
  if (provider === 'kraken') return [...KRAKEN_KEY_VARIABLES]
  const name = config.agents.providers[provider].api_key_env
  return name ? [name] : []
}

/**
 * Returns, per provider, whether its key is set and where from — the key store first, then
 * the environment (every variable needed) — with the variables' names and which are set.
 * Never a key.
 */
export async function apiKeyStatuses(sources: KeyStatusSources): Promise<ApiKeyStatus[]> {
  const { config, env, keyStore } = sources
  return Promise.all(
    API_KEY_PROVIDERS.map(async (provider) => {
      const environmentVariables = keyVariablesOf(config, provider).map((name) => ({
        name,
        // Blank counts as unset: the key stores read values trimmed.
        isSet: Boolean(env[name]?.trim()),
      }))
      const canStore = keyStore !== null
      const base = { provider, environmentVariables, canStore }
      if (keyStore && (await keyStore.has(provider)))
        return { ...base, isSet: true, source: 'keystore' as const }
      const isInEnvironment =
        environmentVariables.length > 0 && environmentVariables.every((variable) => variable.isSet)
      if (isInEnvironment) return { ...base, isSet: true, source: 'environment' as const }
      return { ...base, isSet: false, source: 'none' as const }
    }),
  )
}
