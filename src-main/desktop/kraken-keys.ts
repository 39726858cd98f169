import type { AppConfig } from '../engine/config'
import { KRAKEN_SECRET_ENTRY } from '../engine/services/settings-commands'

/** Kraken's key pair as stored in the desktop key store. */
export interface KrakenKeys {
  apiKey: string
  apiSecret: string
}

/** The part of the key store read here. */
export interface KeyReader {
  get(entry: string): Promise<string | null>
}

/** Reads Kraken's key and secret from the key store; null unless both are there. */
export async function readStoredKrakenKeys(store: KeyReader): Promise<KrakenKeys | null> {
  const [apiKey, apiSecret] = await Promise.all([
    store.get('kraken'),
    store.get(KRAKEN_SECRET_ENTRY),
  ])
  return apiKey && apiSecret ? { apiKey, apiSecret } : null
}

/**
 * Fills Kraken's keys into the config from the key store. Keys already configured (from the
 * environment or a config file) win: the user set them deliberately for this run.
 */
export function withKrakenKeys(config: AppConfig, keys: KrakenKeys | null): AppConfig {
  const kraken = config.execution.execution.kraken
  if (!keys || (kraken.api_key && kraken.api_secret)) return config
  return {
    ...config,
    execution: {
      ...config.execution,
      execution: {
        ...config.execution.execution,
        kraken: { ...kraken, api_key: keys.apiKey, api_secret: keys.apiSecret },
      },
    },
  }
}
