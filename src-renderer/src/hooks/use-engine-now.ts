import { useEffect, useState } from 'react'
import { useActions, useStoreState } from '../store/use-store-state'

/**
 * Returns the engine's time now, refreshed every `everyMs` (for "in 2m" / "3s ago" labels,
 * which must not compare a replay's times with this machine's clock); null until the engine
 * has told its time.
 */
export function useEngineNow(everyMs = 1000): number | null {
  const { now } = useActions('engineClock')
  const hasTime = useStoreState('engineClock', (state) => state.anchor !== null)
  const [, setTick] = useState(0)
  useEffect(() => {
    const timer = window.setInterval(() => setTick((tick) => tick + 1), everyMs)
    return () => window.clearInterval(timer)
  }, [everyMs])
  return hasTime ? now() : null
}
