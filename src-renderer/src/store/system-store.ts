import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type {
  ApiKeyProvider,
  ApiKeyStatus,
  EngineEvent,
  Settings,
  SystemInfo,
} from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import type { ActionOutcome, Loadable } from './loadable'
import { attempt, loadInto, notLoaded, withEntry } from './loadable'

export interface SystemState {
  info: Loadable<SystemInfo>
  settings: Loadable<Settings>
  apiKeys: Loadable<ApiKeyStatus[]>
  savingKey: ApiKeyProvider | null
  /** Per provider: the last refused save or clear (e.g. UNSUPPORTED on the headless host). */
  keyErrors: Partial<Record<ApiKeyProvider, ContractError>>
  loadInfo(): Promise<void>
  loadSettings(): Promise<void>
  loadApiKeys(): Promise<void>
  setApiKey(provider: ApiKeyProvider, key: string, secret?: string): Promise<ActionOutcome>
  clearApiKey(provider: ApiKeyProvider): Promise<ActionOutcome>
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type SystemStore = StoreApi<SystemState>

/** Returns the store for host information, settings and API key status. */
export function createSystemStore(api: EngineApi): SystemStore {
  const initial = {
    info: notLoaded<SystemInfo>(),
    settings: notLoaded<Settings>(),
    apiKeys: notLoaded<ApiKeyStatus[]>(),
    savingKey: null,
    keyErrors: {},
  }
  const store: SystemStore = createStore<SystemState>()((set, get) => {
    async function changeKey(
      provider: ApiKeyProvider,
      command: () => Promise<ApiKeyStatus[]>,
    ): Promise<ActionOutcome> {
      set({ savingKey: provider, keyErrors: withEntry(get().keyErrors, provider, undefined) })
      const outcome = await attempt(async () => {
        set({ apiKeys: { data: await command(), isLoading: false, error: null } })
      })
      set({
        savingKey: null,
        keyErrors: withEntry(get().keyErrors, provider, outcome.ok ? undefined : outcome.error),
      })
      return outcome
    }
    return {
      ...initial,
      loadInfo: () => loadInto(store, 'info', () => api.invoke('system:info')),
      loadSettings: () => loadInto(store, 'settings', () => api.invoke('settings:get')),
      loadApiKeys: () => loadInto(store, 'apiKeys', () => api.invoke('settings:apiKeys')),
      setApiKey: (provider, key, secret) =>
        changeKey(provider, () =>
          api.invoke('settings:setApiKey', { provider, key, ...(secret ? { secret } : {}) }),
        ),
      clearApiKey: (provider) =>
        changeKey(provider, () => api.invoke('settings:clearApiKey', { provider })),
      applyEvents() {
        // Host information changes only on restart; notices go to the activity feed.
      },
      reset: () => set(initial),
    }
  })
  return store
}
