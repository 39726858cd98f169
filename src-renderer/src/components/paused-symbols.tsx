import { useActions, useStoreState } from '../store/use-store-state'
import { ErrorMessage } from './error-message'

/**
 * The symbols the coordinator opens no trades in (paused by hand, or after repeated execution
 * errors: the seeds leave those to a person's review), each with the button that resumes it.
 */
export function PausedSymbols(props: { symbols: readonly string[] }) {
  const pending = useStoreState('coordinator', (state) => state.pending)
  const actionError = useStoreState('coordinator', (state) => state.actionError)
  const coordinator = useActions('coordinator')
  if (props.symbols.length === 0) return <span>none</span>
  return (
    <div className="paused-symbols">
      {props.symbols.map((symbol) => {
        const action = `resumeSymbol:${symbol}`
        return (
          <div key={symbol} className="button-row">
            <strong>{symbol}</strong>
            <button
              type="button"
              className="button small"
              aria-label={`Resume trading ${symbol}`}
              disabled={pending === action}
              onClick={() => void coordinator.symbolAction(symbol, 'resume')}
            >
              {pending === action ? 'Resuming…' : 'Resume'}
            </button>
            {actionError?.action === action ? (
              <ErrorMessage error={actionError.error} prefix={`Resume ${symbol} failed`} />
            ) : null}
          </div>
        )
      })}
    </div>
  )
}
