import { useEffect, useState } from 'react'
import { useStores } from '../store/stores-context'
import { useStoreState } from '../store/use-store-state'

/**
 * Returns the engine's time, re-read every `everyMs` (for "in 2m" / "3s ago" labels, which must
 * not compare a replay's times with this machine's clock); null until the engine has told its
 * time. Reading on an interval rather than on every change keeps a fast replay from
 * re-rendering the view on every event.
 */
export function useEngineNow(everyMs = 1000): number | null {
  const clock = useStores().engineClock
  const hasTime = useStoreState('engineClock', (state) => state.engineMs !== null)
  const [, setTick] = useState(0)
  useEffect(() => {
    const timer = window.setInterval(() => setTick((tick) => tick + 1), everyMs)
    return () => window.clearInterval(timer)
  }, [everyMs])
  return hasTime ? clock.getState().engineMs : null
}
