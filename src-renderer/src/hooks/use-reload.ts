import { useEffect } from 'react'
import { useStoreState } from '../store/use-store-state'

/**
 * Runs `load` when the component mounts, again after the event stream reconnects (events
 * may have been missed), every `everyMs` when given, and whenever `key` changes.
 */
export function useReload(load: () => void, everyMs?: number, key?: string): void {
  const generation = useStoreState('connection', (state) => state.generation)
  useEffect(() => {
    load()
    if (!everyMs) return
    const timer = window.setInterval(load, everyMs)
    return () => window.clearInterval(timer)
    // `load` is a stable store action; reload only on reconnect or a new key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation, everyMs, key])
}
