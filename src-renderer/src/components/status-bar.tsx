import { useState } from 'react'
import { formatUsd } from '../format/numbers'
import { coordinatorTone, degradationTone } from '../format/tones'
import { useActions, useStoreState } from '../store/use-store-state'
import { BreakerSummary } from './breaker-summary'
import { ConnectionIndicator } from './connection-indicator'
import { ErrorMessage } from './error-message'
import { KillSwitchDialog } from './kill-switch-dialog'
import { ModeBadge } from './mode-badge'
import { Pill } from './pill'
import { SignedValue } from './signed-value'

/**
 * What "Today P&L" counts, shown on hover: it is the trades' P&L, not the change of equity,
 * which also moves with the held (rebalanced) assets' prices.
 */
const DAILY_PNL_MEANING =
  "Realised P&L of trades closed since 00:00 UTC plus the unrealised P&L of open positions. The held (rebalanced) assets' price moves show in equity, not here."

/**
 * Always visible: mode, coordinator state, degradation, connection, equity, today's P&L,
 * breakers, Pause/Resume and the kill switch.
 */
export function StatusBar() {
  const mode = useStoreState('system', (state) => state.info.data?.mode ?? null)
  const status = useStoreState('coordinator', (state) => state.status.data)
  const pending = useStoreState('coordinator', (state) => state.pending)
  const actionError = useStoreState('coordinator', (state) => state.actionError)
  const connection = useStoreState('connection', (state) => state.connection)
  const liveEquity = useStoreState('portfolio', (state) => state.live)
  const allocationEquity = useStoreState('portfolio', (state) => state.allocation.data?.totalEquity)
  const riskDailyPnl = useStoreState('risk', (state) => state.status.data?.dailyPnl)
  const breakers = useStoreState('risk', (state) => state.status.data?.breakers ?? null)
  const coordinator = useActions('coordinator')
  const [isKillSwitchOpen, setKillSwitchOpen] = useState(false)

  const equity = liveEquity?.equity ?? allocationEquity ?? null
  const dailyPnl = liveEquity?.dailyPnl ?? riskDailyPnl ?? null
  const state = status?.state
  const isPaused = state === 'PAUSED' || state === 'HALTED'
  const isBusy = pending === 'pause' || pending === 'resume'

  return (
    <>
      <header className="status-bar" role="banner">
        <div className="status-brand">TripleGain</div>
        <div className="status-item">
          <span className="label">Mode</span>
          <ModeBadge mode={mode} />
        </div>
        <div className="status-item" aria-label={`Coordinator ${state ?? 'unknown'}`}>
          <span className="label">Coordinator</span>
          <Pill tone={coordinatorTone(state)} hasDot>
            {state ?? '—'}
          </Pill>
        </div>
        <div
          className="status-item"
          aria-label={`Degradation ${status?.degradationLevel ?? 'unknown'}`}
        >
          <span className="label">Degradation</span>
          <Pill tone={degradationTone(status?.degradationLevel)}>
            {status?.degradationLevel ?? '—'}
          </Pill>
        </div>
        <div className="status-item" aria-label={`Connection ${connection.status}`}>
          <span className="label">Connection</span>
          <ConnectionIndicator connection={connection} />
        </div>
        <div className="status-item money" aria-label={`Equity ${formatUsd(equity)}`}>
          <span className="label">Equity (USD)</span>
          <span className="value num">{formatUsd(equity)}</span>
        </div>
        <div className="status-item money" title={DAILY_PNL_MEANING}>
          <span className="label">Today P&amp;L</span>
          <span className="value">
            <SignedValue value={dailyPnl} label="Today P&L" />
          </span>
        </div>
        <div className="status-item">
          <span className="label">Breakers</span>
          <BreakerSummary breakers={breakers} />
        </div>
        <div className="status-spacer" />
        <div className="status-actions">
          {isPaused ? (
            <button
              type="button"
              className="button primary"
              onClick={() => void coordinator.resume()}
              disabled={isBusy}
              aria-label="Resume trading"
            >
              {pending === 'resume' ? 'Resuming…' : '▶ Resume'}
            </button>
          ) : (
            <button
              type="button"
              className="button warn"
              onClick={() => void coordinator.pause()}
              disabled={isBusy || !status}
              aria-label="Pause trading"
            >
              {pending === 'pause' ? 'Pausing…' : '❚❚ Pause'}
            </button>
          )}
          <button
            type="button"
            className="button kill"
            onClick={() => {
              coordinator.clearActionError()
              setKillSwitchOpen(true)
            }}
            aria-haspopup="dialog"
          >
            Kill switch
          </button>
        </div>
      </header>
      {mode === 'live' ? (
        <div className="live-strip" role="note" aria-label="Live trading">
          Live trading — orders go to Kraken with real funds
        </div>
      ) : null}
      {actionError && actionError.action !== 'killSwitch' && !actionError.action.includes(':') ? (
        <div className="status-alert">
          <ErrorMessage
            error={actionError.error}
            prefix={actionError.action === 'pause' ? 'Pause failed' : 'Resume failed'}
          />
          <button type="button" className="button small" onClick={coordinator.clearActionError}>
            Dismiss
          </button>
        </div>
      ) : null}
      {isKillSwitchOpen ? <KillSwitchDialog onClose={() => setKillSwitchOpen(false)} /> : null}
    </>
  )
}
