import { useState } from 'react'
import type { Position } from '../../../src-shared/contract'
import { ClosePositionDialog } from '../components/close-position-dialog'
import { ClosedPositionsTable } from '../components/closed-positions-table'
import { LoadState } from '../components/load-state'
import { Panel } from '../components/panel'
import { PositionsTable } from '../components/positions-table'
import { SignedValue } from '../components/signed-value'
import { formatPct, formatUsd, sumDecimalTexts } from '../format/numbers'
import { useEngineNow } from '../hooks/use-engine-now'
import { useReload } from '../hooks/use-reload'
import { useActions, useStoreState } from '../store/use-store-state'

/** Open positions to manage (close, SL/TP), exposure, and recently closed positions. */
export function PositionsView() {
  const open = useStoreState('positions', (state) => state.open)
  const closed = useStoreState('positions', (state) => state.closed)
  const exposure = useStoreState('portfolio', (state) => state.exposure)
  const positions = useActions('positions')
  const portfolio = useActions('portfolio')
  const decisions = useActions('decisions')
  const navigation = useActions('navigation')
  const now = useEngineNow(5000)
  useReload(() => void positions.load())
  useReload(() => void positions.loadClosed())
  // Exposure follows what is held: asked again when a position opens, closes or changes size,
  // not only every 15 s (a 60× replay moves a quarter of an hour in that time).
  const held = (open.data ?? []).map((position) => `${position.id}:${position.size}`).join(' ')
  useReload(() => void portfolio.loadExposure(), 15_000, held)
  const total = sumDecimalTexts((open.data ?? []).map((position) => position.unrealizedPnl))
  const [closing, setClosing] = useState<Position | null>(null)
  // The dialog follows the position as it changes, and stays to say so when it closed.
  const stillOpen = closing && open.data?.find((position) => position.id === closing.id)
  const closedAs = closing && closed.data?.find((position) => position.id === closing.id)
  return (
    <>
      <Panel
        title="Open positions"
        isFlush
        actions={
          <span className="muted num">
            {exposure.data
              ? `Exposure ${formatUsd(exposure.data.totalNotional)} (${formatPct(exposure.data.exposurePct, 1)} of equity) · Unrealized `
              : 'Unrealized '}
            <SignedValue value={total} label="Total unrealized P&L" />
          </span>
        }
      >
        <LoadState
          loadable={open}
          label="open positions"
          onRetry={() => void positions.load()}
          empty="No open positions. Positions open when a trading decision passes the risk checks and its entry order fills."
        >
          {(data) => <PositionsTable positions={data} now={now} onCloseRequest={setClosing} />}
        </LoadState>
      </Panel>
      <Panel title="Recently closed" isFlush>
        <LoadState
          loadable={closed}
          label="closed positions"
          onRetry={() => void positions.loadClosed()}
          empty="No closed positions yet."
        >
          {(data) => (
            <ClosedPositionsTable
              positions={data}
              onOpenTrace={(correlationId) => {
                void decisions.openTrace(correlationId)
                navigation.go('decisions')
              }}
            />
          )}
        </LoadState>
      </Panel>
      {closing ? (
        <ClosePositionDialog
          position={stillOpen ?? closedAs ?? closing}
          isOpen={Boolean(stillOpen)}
          onClose={() => setClosing(null)}
        />
      ) : null}
    </>
  )
}
