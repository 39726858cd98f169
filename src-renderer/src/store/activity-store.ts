import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { CoordinatorStatus, EngineEvent } from '../../../src-shared/contract'
import { isFeedEvent } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import { describeError } from '../api/engine-error'
import { eventIdentity } from '../format/event-identity'
import type { ActivityEntry, ActivityMemory } from '../format/event-summary'
import { describeEvent, freshMemory, rememberOrderState } from '../format/event-summary'

/** How many lines the recent-events feed keeps (and asks the engine for on load). */
export const MAX_ACTIVITY = 200

/** How many pushed events are remembered to recognise them in the engine's recent events. */
const MAX_REMEMBERED_EVENTS = 1000

export interface ActivityState {
  entries: ActivityEntry[]
  /** Why the engine's recent events could not be loaded; pushed events still arrive. */
  recentError: ContractError | null
  applyEvents(batch: readonly EngineEvent[]): void
  /**
   * Fills the feed with the engine's recent events (after a page load or a reconnect),
   * merged by time with the lines already shown; an event already shown is not repeated.
   */
  loadRecent(): Promise<void>
  /** Records the coordinator state seen before any event, so the first change is reported. */
  seedCoordinator(
    status: Pick<CoordinatorStatus, 'state' | 'degradationLevel' | 'pausedSymbols'>,
  ): void
  reset(): void
}

export type ActivityStore = StoreApi<ActivityState>

/** Returns the store for the recent-events feed. */
export function createActivityStore(api: EngineApi): ActivityStore {
  let memory: ActivityMemory = freshMemory()
  let sequence = 0
  // A pushed event and its copy in the recent events may arrive in either order.
  let pushed = new Set<string>()
  let loaded = new Set<string>()

  const remember = (seen: Set<string>, identity: string, limit: number) => {
    seen.add(identity)
    if (seen.size > limit) seen.delete(seen.values().next().value as string)
  }
  const describe = (event: EngineEvent, from: ActivityMemory): ActivityEntry[] =>
    describeEvent(event, from).map((entry) => ({ ...entry, id: `activity-${++sequence}` }))

  return createStore<ActivityState>()((set, get) => ({
    entries: [],
    recentError: null,
    applyEvents(batch) {
      const fresh: ActivityEntry[] = []
      for (const event of batch) {
        if (!isFeedEvent(event)) continue
        const identity = eventIdentity(event)
        if (loaded.has(identity)) continue
        remember(pushed, identity, MAX_REMEMBERED_EVENTS)
        fresh.push(...describe(event, memory))
      }
      if (fresh.length === 0) return
      set({ entries: [...fresh.reverse(), ...get().entries].slice(0, MAX_ACTIVITY) })
    },
    async loadRecent() {
      let recent: EngineEvent[]
      try {
        recent = await api.invoke('events:recent', { limit: MAX_ACTIVITY })
      } catch (error) {
        set({ recentError: describeError(error) })
        return
      }
      // The recent events are a history of their own: their changes are told against each
      // other, not against the live feed's memory.
      const historyMemory = freshMemory()
      const older: ActivityEntry[] = []
      for (const event of recent) {
        // Told even when already shown: the history's memory must know every state.
        const lines = describe(event, historyMemory)
        const identity = eventIdentity(event)
        if (pushed.has(identity) || loaded.has(identity)) continue
        remember(loaded, identity, MAX_ACTIVITY * 2)
        older.push(...lines)
      }
      // Lines already shown were pushed after anything new in the recent events, so they go
      // first among lines of one moment; the sort is stable and otherwise by engine time.
      const merged = [...get().entries, ...older.reverse()]
      merged.sort((a, b) => b.at - a.at)
      const entries = withoutRepeatedOrderStates(merged, memory)
      set({ entries: entries.slice(0, MAX_ACTIVITY), recentError: null })
    },
    seedCoordinator(status) {
      memory.coordinatorState ??= status.state
      memory.degradationLevel ??= status.degradationLevel
      memory.pausedSymbols ??= status.pausedSymbols
    },
    reset() {
      memory = freshMemory()
      sequence = 0
      pushed = new Set()
      loaded = new Set()
      set({ entries: [], recentError: null })
    },
  }))
}

/**
 * Returns `entries` (newest first) without the order lines that repeat the state of the order's
 * line before them, and makes `memory` remember each order's newest state. Live lines were told
 * against the live memory and the recent events against their own history, so together an
 * order's line can repeat the one before it, a repeat that a page load (all history) leaves out.
 */
function withoutRepeatedOrderStates(
  entries: readonly ActivityEntry[],
  memory: ActivityMemory,
): ActivityEntry[] {
  const told = freshMemory()
  const kept = entries
    .toReversed()
    .filter((entry) => !entry.orderState || rememberOrderState(told, entry.orderState))
  for (const [orderId, signature] of told.orders) {
    rememberOrderState(memory, { orderId, signature })
  }
  return kept.reverse()
}
