import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { EngineEvent } from '../../../src-shared/contract'

export interface EngineClockState {
  /** The engine's latest time known; null until the engine has told one. */
  engineMs: number | null
  /** Takes the engine time of a coordinator status as the truth, even when it went back (a new replay). */
  sync(engineMs: number): void
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type EngineClockStore = StoreApi<EngineClockState>

/**
 * Returns the store of the engine's time, against which the UI shows relative times
 * ("3m ago"): a replay runs in 2021, faster than the wall, and stops at its last candle,
 * while this machine's clock says today. The coordinator status sets it; every pushed
 * event's time (the host sends `engine.time` every second) moves it forward. It is never
 * extrapolated with this machine's clock.
 */
export function createEngineClockStore(): EngineClockStore {
  return createStore<EngineClockState>()((set, get) => ({
    engineMs: null,
    sync: (engineMs) => set({ engineMs }),
    applyEvents(batch) {
      let latest: number | null = null
      for (const event of batch) {
        if (event.type === 'coordinator.state') get().sync(event.status.now)
        latest = latest === null ? event.at : Math.max(latest, event.at)
      }
      const known = get().engineMs
      // Events only move the clock forward: one may be stamped a little before the latest.
      if (latest !== null && (known === null || latest > known)) set({ engineMs: latest })
    },
    reset: () => set({ engineMs: null }),
  }))
}
