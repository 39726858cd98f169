import type { Fetch } from 'ollama'
import type { Clock } from '../../clock'
import type { AgentsConfig } from '../../config/schemas/agents'
import type { Logger } from '../../logging/logger'
import { ChainedApiKeyStore, EnvApiKeyStore, type ApiKeyStore } from '../api-key-store'
import type { KeyedProviderName, LlmProvider, ProviderName, ProviderRegistry } from '../llm-types'
import { DeferredProvider } from './deferred-provider'
import { OllamaProvider } from './ollama-provider'
import { RulesProvider } from './rules-provider'

export interface CreateProvidersOptions {
  readonly config: AgentsConfig
  readonly clock: Clock
  readonly logger: Logger
  /** The environment holding the key variables named in agents.yaml. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** The app's encrypted key store, asked before the environment. */
  readonly keyStore?: ApiKeyStore
  /** The HTTP client under ollama-js; the platform's fetch by default. */
  readonly ollamaFetch?: Fetch
}

/**
 * Builds one provider per name from agents.yaml; keys come from the key store, then the env.
 * The keyed providers load their SDK on first use, or when the router refreshes availability
 * (see {@link DeferredProvider.preload}).
 */
export function createProviders(options: CreateProvidersOptions): ProviderRegistry {
  const { config, clock, logger } = options
  const { providers } = config
  const names: Record<KeyedProviderName, string | null> = {
    openai: providers.openai.api_key_env,
    anthropic: providers.anthropic.api_key_env,
    deepseek: providers.deepseek.api_key_env,
    xai: providers.xai.api_key_env,
  }
  const env = new EnvApiKeyStore(names, options.env)
  const keys = options.keyStore ? new ChainedApiKeyStore([options.keyStore, env]) : env
  const registry = new Map<ProviderName, LlmProvider>()
  const hasKey = (name: KeyedProviderName) => async () => (await keys.get(name)) !== null
  // Ollama needs no key, so it is always called: it is built directly (ollama-js is small).
  // The keyed SDKs are imported on first use or preload (see DeferredProvider).
  registry.set(
    'ollama',
    new OllamaProvider({
      host: providers.ollama.base_url,
      clock,
      logger,
      ...(options.ollamaFetch ? { fetch: options.ollamaFetch } : {}),
    }),
  )
  for (const name of ['openai', 'deepseek', 'xai'] as const) {
    registry.set(
      name,
      new DeferredProvider({
        name,
        sdk: 'openai',
        isConfigured: hasKey(name),
        load: async () =>
          new (await import('./openai-compatible-provider')).OpenAiCompatibleProvider({
            name,
            baseUrl: providers[name].base_url,
            keys,
            clock,
            logger,
          }),
      }),
    )
  }
  registry.set(
    'anthropic',
    new DeferredProvider({
      name: 'anthropic',
      sdk: '@anthropic-ai/sdk',
      isConfigured: hasKey('anthropic'),
      load: async () =>
        new (await import('./anthropic-provider')).AnthropicProvider({
          baseUrl: providers.anthropic.base_url,
          keys,
          clock,
          logger,
        }),
    }),
  )
  registry.set('rules', new RulesProvider())
  return registry
}
