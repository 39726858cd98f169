import type { SymbolVerb } from '../store/coordinator-store'
import { useActions, useStoreState } from '../store/use-store-state'
import { ErrorMessage } from './error-message'
import { Pill } from './pill'

const BUTTON: Readonly<Record<SymbolVerb, { label: string; busy: string }>> = {
  pause: { label: 'Pause', busy: 'Pausing…' },
  resume: { label: 'Resume', busy: 'Resuming…' },
}

/**
 * Each symbol the coordinator trades, whether it is paused and the one button that changes
 * it: a paused symbol opens no trades (closes still go) until resumed. The coordinator also
 * pauses a symbol itself after repeated execution errors, which the seeds leave to a
 * person's review; Resume is that review's end.
 */
export function SymbolTrading(props: {
  symbols: readonly string[]
  pausedSymbols: readonly string[]
}) {
  const pending = useStoreState('coordinator', (state) => state.pending)
  const actionError = useStoreState('coordinator', (state) => state.actionError)
  const coordinator = useActions('coordinator')
  // A symbol paused before the config stopped trading it is still listed, so it can be resumed.
  const symbols = [...new Set([...props.symbols, ...props.pausedSymbols])]
  if (symbols.length === 0) return <span>none</span>
  return (
    <div className="symbol-trading">
      {symbols.map((symbol) => {
        const isPaused = props.pausedSymbols.includes(symbol)
        const verb: SymbolVerb = isPaused ? 'resume' : 'pause'
        const action = `${verb}Symbol:${symbol}`
        return (
          <div key={symbol} className="button-row">
            <strong>{symbol}</strong>
            <Pill tone={isPaused ? 'warn' : 'good'}>{isPaused ? 'paused' : 'trading'}</Pill>
            <button
              type="button"
              className="button small"
              aria-label={`${BUTTON[verb].label} trading ${symbol}`}
              disabled={pending === action}
              onClick={() => void coordinator.symbolAction(symbol, verb)}
            >
              {pending === action ? BUTTON[verb].busy : BUTTON[verb].label}
            </button>
            {actionError?.action === action ? (
              <ErrorMessage
                error={actionError.error}
                prefix={`${BUTTON[verb].label} ${symbol} failed`}
              />
            ) : null}
          </div>
        )
      })}
    </div>
  )
}
