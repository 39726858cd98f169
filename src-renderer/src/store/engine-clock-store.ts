import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { EngineEvent } from '../../../src-shared/contract'

/** An engine time and the wall time (this machine's clock) at which the UI learnt it. */
export interface EngineTimeAnchor {
  engineMs: number
  wallMs: number
}

export interface EngineClockState {
  /** The latest engine time known; null until the engine has told one. */
  anchor: EngineTimeAnchor | null
  /** Returns the engine's time now (see {@link engineNow}); null while none is known. */
  now(): number | null
  /** Takes the engine time of a coordinator status as the truth, even when it went back (a new replay). */
  sync(engineMs: number): void
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type EngineClockStore = StoreApi<EngineClockState>

/**
 * Returns the engine's time now: the anchor moved on by the wall time passed since it was
 * learnt (the engine's clock runs at wall speed live; a replay's events keep moving it on
 * faster). Null while no engine time is known.
 */
export function engineNow(anchor: EngineTimeAnchor | null, wallMs: number): number | null {
  return anchor === null ? null : anchor.engineMs + Math.max(0, wallMs - anchor.wallMs)
}

/**
 * Returns the store of the engine's time, against which the UI shows relative times
 * ("3m ago"): a replay runs in 2021 while this machine's clock says today. The coordinator
 * status sets it; every pushed event's time moves it forward. `wallClock` reads this
 * machine's clock (injected for tests).
 */
export function createEngineClockStore(
  wallClock: () => number = () => Date.now(),
): EngineClockStore {
  return createStore<EngineClockState>()((set, get) => ({
    anchor: null,
    now: () => engineNow(get().anchor, wallClock()),
    sync(engineMs) {
      set({ anchor: { engineMs, wallMs: wallClock() } })
    },
    applyEvents(batch) {
      let latest: number | null = null
      let status: number | null = null
      for (const event of batch) {
        if (event.type === 'coordinator.state') status = event.status.now
        latest = latest === null ? event.at : Math.max(latest, event.at)
      }
      if (status !== null) get().sync(status)
      if (latest === null) return
      const wallMs = wallClock()
      const estimate = engineNow(get().anchor, wallMs)
      // Events only move the clock forward: one may be stamped a little before the latest.
      if (estimate === null || latest > estimate) set({ anchor: { engineMs: latest, wallMs } })
    },
    reset: () => set({ anchor: null }),
  }))
}
