import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { EngineEvent } from '../../../src-shared/contract'
import type { ActivityEntry, ActivityMemory } from '../format/event-summary'
import { describeEvent, freshMemory } from '../format/event-summary'

/** How many lines the recent-events feed keeps. */
export const MAX_ACTIVITY = 200

export interface ActivityState {
  entries: ActivityEntry[]
  applyEvents(batch: readonly EngineEvent[]): void
  /** Records the coordinator state seen before any event, so the first change is reported. */
  seedCoordinator(state: string, degradationLevel: string): void
  reset(): void
}

export type ActivityStore = StoreApi<ActivityState>

/** Returns the store for the recent-events feed. */
export function createActivityStore(): ActivityStore {
  let memory: ActivityMemory = freshMemory()
  let sequence = 0
  return createStore<ActivityState>()((set, get) => ({
    entries: [],
    applyEvents(batch) {
      const fresh: ActivityEntry[] = []
      for (const event of batch) {
        for (const entry of describeEvent(event, memory)) {
          sequence += 1
          fresh.push({ ...entry, id: `activity-${sequence}` })
        }
      }
      if (fresh.length === 0) return
      set({ entries: [...fresh.reverse(), ...get().entries].slice(0, MAX_ACTIVITY) })
    },
    seedCoordinator(state, degradationLevel) {
      memory.coordinatorState ??= state
      memory.degradationLevel ??= degradationLevel
    },
    reset() {
      memory = freshMemory()
      sequence = 0
      set({ entries: [] })
    },
  }))
}
