import { useStores } from '../store/stores-context'
import { loadEssentials } from '../store/stores'
import { useStoreState } from '../store/use-store-state'

/** Says plainly when the engine cannot be reached at all, with a retry. */
export function EngineUnreachableBanner() {
  const info = useStoreState('system', (state) => state.info)
  const stores = useStores()
  if (info.data || !info.error) return null
  return (
    <div className="status-alert" role="alert" aria-label="Engine unreachable">
      <span>
        <strong>Cannot reach the TripleGain engine.</strong> {info.error.message}
      </span>
      <button type="button" className="button small" onClick={() => void loadEssentials(stores)}>
        Retry
      </button>
    </div>
  )
}
