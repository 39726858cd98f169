import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type {
  CommandOutput,
  EngineEvent,
  ModelAssignment,
  ModelStats,
  OllamaList,
} from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import type { ActionOutcome, Loadable } from './loadable'
import { attempt, loadInto, notLoaded, withEntry } from './loadable'

type ProviderHealth = CommandOutput<'models:health'>

/** A model pull as the progress events describe it. */
export interface PullProgress {
  pullId: string
  name: string
  status: string
  completedBytes: number | null
  totalBytes: number | null
  isDone: boolean
  error: string | null
  isCancelling: boolean
}

export interface ModelsState {
  comparison: Loadable<ModelStats[]>
  assignments: Loadable<ModelAssignment[]>
  health: Loadable<ProviderHealth>
  ollama: Loadable<OllamaList>
  pulls: Record<string, PullProgress>
  pullError: ContractError | null
  deleting: string | null
  deleteError: { name: string; error: ContractError } | null
  loadComparison(): Promise<void>
  loadAssignments(): Promise<void>
  loadHealth(): Promise<void>
  loadOllama(): Promise<void>
  pull(name: string): Promise<ActionOutcome>
  cancelPull(pullId: string): Promise<ActionOutcome>
  dismissPull(pullId: string): void
  deleteModel(name: string): Promise<ActionOutcome>
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type ModelsStore = StoreApi<ModelsState>

/** Returns the store for model comparison, assignments and local Ollama models. */
export function createModelsStore(api: EngineApi): ModelsStore {
  const initial = {
    comparison: notLoaded<ModelStats[]>(),
    assignments: notLoaded<ModelAssignment[]>(),
    health: notLoaded<ProviderHealth>(),
    ollama: notLoaded<OllamaList>(),
    pulls: {},
    pullError: null,
    deleting: null,
    deleteError: null,
  }
  const store: ModelsStore = createStore<ModelsState>()((set, get) => ({
    ...initial,
    loadComparison: () => loadInto(store, 'comparison', () => api.invoke('models:comparison', {})),
    loadAssignments: () => loadInto(store, 'assignments', () => api.invoke('models:assignments')),
    loadHealth: () => loadInto(store, 'health', () => api.invoke('models:health')),
    loadOllama: () => loadInto(store, 'ollama', () => api.invoke('ollama:list')),
    async pull(name) {
      set({ pullError: null })
      const outcome = await attempt(async () => {
        const started = await api.invoke('ollama:pull', { name })
        // Progress events may have arrived first; keep them.
        const existing = get().pulls[started.pullId]
        set({
          pulls: withEntry(
            get().pulls,
            started.pullId,
            existing ?? {
              pullId: started.pullId,
              name: started.name,
              status: 'starting',
              completedBytes: null,
              totalBytes: null,
              isDone: false,
              error: null,
              isCancelling: false,
            },
          ),
        })
      })
      if (!outcome.ok) set({ pullError: outcome.error })
      return outcome
    },
    async cancelPull(pullId) {
      const mark = (isCancelling: boolean) => {
        const pull = get().pulls[pullId]
        if (pull) set({ pulls: withEntry(get().pulls, pullId, { ...pull, isCancelling }) })
      }
      mark(true)
      const outcome = await attempt(() => api.invoke('ollama:cancelPull', { pullId }))
      if (!outcome.ok) {
        mark(false)
        const pull = get().pulls[pullId]
        if (pull)
          set({ pulls: withEntry(get().pulls, pullId, { ...pull, error: outcome.error.message }) })
      }
      return outcome
    },
    dismissPull: (pullId) => set({ pulls: withEntry(get().pulls, pullId, undefined) }),
    async deleteModel(name) {
      set({ deleting: name, deleteError: null })
      const outcome = await attempt(() => api.invoke('ollama:delete', { name }))
      set({ deleting: null, deleteError: outcome.ok ? null : { name, error: outcome.error } })
      if (outcome.ok) void get().loadOllama()
      return outcome
    },
    applyEvents(batch) {
      let pulls: Record<string, PullProgress> | null = null
      let hasFinished = false
      for (const event of batch) {
        if (event.type !== 'ollama.pull.progress') continue
        pulls ??= { ...get().pulls }
        const previous = pulls[event.pullId]
        pulls[event.pullId] = {
          pullId: event.pullId,
          name: event.name,
          status: event.status,
          completedBytes: event.completedBytes ?? previous?.completedBytes ?? null,
          totalBytes: event.totalBytes ?? previous?.totalBytes ?? null,
          isDone: event.isDone,
          error: event.error,
          isCancelling: event.isDone ? false : (previous?.isCancelling ?? false),
        }
        if (event.isDone && !event.error) hasFinished = true
      }
      if (pulls) set({ pulls })
      if (hasFinished) void get().loadOllama()
    },
    reset: () => set(initial),
  }))
  return store
}
