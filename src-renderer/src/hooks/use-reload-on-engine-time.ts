import { useEffect, useRef } from 'react'
import { useEngineNow } from './use-engine-now'

/** When a view reloads as the engine's time moves. */
export interface EngineTimeReload {
  /** Engine time that must pass between two loads. */
  readonly stepMs: number
  /** Whether there is something new to load now (default: always). */
  readonly isDue?: (engineMs: number) => boolean
  /** How often, in wall time, the engine's time is looked at. */
  readonly everyMs?: number
}

/**
 * Runs `load` each time the engine's time has moved `stepMs` past the last load (or past the
 * first time seen, for the view's own first load) while `isDue` holds. Paced by the engine's
 * clock, not the wall's: a replay at 60× refreshes as fast as its data changes (at most once
 * per `everyMs`), a live engine no faster than its market, a stopped replay not at all.
 */
export function useReloadOnEngineTime(
  load: () => void,
  { stepMs, isDue, everyMs = 2000 }: EngineTimeReload,
): void {
  const now = useEngineNow(everyMs)
  const lastMs = useRef<number | null>(null)
  useEffect(() => {
    if (now === null) return
    // The first time seen, or a time gone back (a new replay): counted from here.
    if (lastMs.current === null || now < lastMs.current) {
      lastMs.current = now
      return
    }
    if (now - lastMs.current < stepMs || (isDue !== undefined && !isDue(now))) return
    lastMs.current = now
    load()
  })
}
