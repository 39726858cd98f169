import { CommandError } from '../../../src-shared/result'
import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'
import { llmProviderHealth } from '../wiring/llm-health-source'
import { apiKeyStatuses } from './api-key-status'

type Handlers = Pick<
  CommandHandlers,
  | 'settings:get'
  | 'settings:apiKeys'
  | 'settings:setApiKey'
  | 'settings:clearApiKey'
  | 'system:info'
>

/** The key store entry that holds Kraken's secret beside its key. */
export const KRAKEN_SECRET_ENTRY = 'kraken_secret'

/**
 * Settings (read-only configuration, key status — never the keys) and what the first-run
 * screen explains. Keys can be stored only where the host has an encrypted store (desktop).
 */
export function settingsCommands(parts: EngineParts, startedAt: number): Handlers {
  const { config, keyStore, env } = parts
  const keyStatus = () => apiKeyStatuses({ config, env, keyStore })

  const requireStore = () => {
    if (!keyStore) {
      throw new CommandError(
        'UNSUPPORTED',
        'keys can be stored only in the desktop app (encrypted with the OS key store); on the headless host set them as environment variables',
      )
    }
    return keyStore
  }

  const llmAvailable = () =>
    llmProviderHealth(parts.llm.router).some((provider) => provider.isHealthy)

  return {
    'settings:get': async () => ({
      mode: parts.mode,
      symbols: config.orchestration.coordinator.symbols,
      schedules: Object.entries(config.orchestration.coordinator.schedules).map(
        ([name, schedule]) => ({
          name,
          intervalSeconds: schedule.interval_seconds,
          isEnabled: schedule.enabled,
        }),
      ),
      risk: { ...config.risk.risk },
      portfolio: { ...config.portfolio.portfolio },
      dataLocation: parts.store.location,
      apiKeys: await keyStatus(),
    }),
    'settings:apiKeys': async () => keyStatus(),
    'settings:setApiKey': async ({ provider, key, secret }) => {
      const store = requireStore()
      if (provider === 'kraken' && !secret)
        throw new CommandError('BAD_REQUEST', 'Kraken needs both the API key and its secret')
      // Kraken's key and secret are one pair: stored together or not at all.
      await store.set(
        provider === 'kraken' && secret
          ? { [provider]: key, [KRAKEN_SECRET_ENTRY]: secret }
          : { [provider]: key },
      )
      await parts.llm.router.refreshAvailability()
      return keyStatus()
    },
    'settings:clearApiKey': async ({ provider }) => {
      const store = requireStore()
      await store.clear(provider === 'kraken' ? [provider, KRAKEN_SECRET_ENTRY] : [provider])
      await parts.llm.router.refreshAvailability()
      return keyStatus()
    },
    'system:info': async () => {
      const keys = await keyStatus()
      const exchangeReachable = parts.market.source.connectionState === 'connected'
      const notices: string[] = []
      if (parts.mode === 'paper') {
        notices.push(
          'Paper mode: orders are simulated against real market data, with fees and slippage; no money moves and no exchange keys are needed. Switch to live only after adding Kraken keys and changing the mode in the configuration.',
        )
      }
      if (parts.mode === 'replay') {
        notices.push(
          'Replay: the engine runs over recorded candles on a virtual clock, with the paper broker.',
        )
      }
      if (!llmAvailable()) {
        // Keys can be typed into Settings only where the host can store them encrypted.
        const toUseModels = keyStore
          ? 'To use LLM agents, add a key in Settings or pull an Ollama model in Models.'
          : 'To use LLM agents, set a key in the environment before starting the host, or start Ollama and pull a model in Models.'
        notices.push(
          `Rules provider: no language model is reachable (no API keys, Ollama not running), so the agents answer with the built-in deterministic rules provider — technical rules with fixed thresholds instead of model reasoning — and the coordinator runs in EMERGENCY mode. ${toUseModels}`,
        )
      }
      if (parts.mode !== 'replay' && !exchangeReachable) {
        notices.push(
          'Exchange: Kraken is not reachable right now; market data resumes when the connection returns, and the bundled replay data can be run with `npm run replay`.',
        )
      }
      return {
        version: parts.version,
        host: parts.host,
        mode: parts.mode,
        startedAt,
        isFirstRun: keys.every((key) => !key.isSet) && parts.positions.openPositions().length === 0,
        llmAvailable: llmAvailable(),
        exchangeReachable,
        notices,
      }
    },
  }
}
