import { Fragment, useState } from 'react'
import type { Position } from '../../../src-shared/contract'
import { formatPrice, formatQuantity } from '../format/numbers'
import { formatRelative } from '../format/time'
import { useActions } from '../store/use-store-state'
import { SignedValue } from './signed-value'
import { StopEditor } from './stop-editor'
import { TrailingState } from './trailing-state'

/**
 * Open positions with live P&L, SL/TP and trailing state and inline edit; Close asks
 * `onCloseRequest` (the close dialog outlives the table, which an emptied list replaces).
 */
export function PositionsTable(props: {
  positions: readonly Position[]
  now: number | null
  onCloseRequest: (position: Position) => void
}) {
  const [editing, setEditing] = useState<string | null>(null)
  const positionsActions = useActions('positions')
  return (
    <>
      <div className="table-wrap">
        <table className="data" aria-label="Open positions">
          <thead>
            <tr>
              <th>Symbol</th>
              <th>Side</th>
              <th className="num">Size</th>
              <th className="num">Entry</th>
              <th className="num">Mark</th>
              <th className="num">
                <abbr title="Unrealized P&amp;L">P&amp;L</abbr>
              </th>
              <th className="num">
                <abbr title="Stop-loss">SL</abbr>
              </th>
              <th className="num">
                <abbr title="Take-profit">TP</abbr>
              </th>
              <th>Trailing</th>
              <th className="num">Lev.</th>
              <th>Opened</th>
              <th className="num">Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.positions.map((position) => (
              <Fragment key={position.id}>
                <tr aria-label={`${position.symbol} ${position.side} ${position.id}`}>
                  <td>
                    <strong>{position.symbol}</strong>
                  </td>
                  <td className={`side-${position.side}`}>{position.side}</td>
                  <td className="num">{formatQuantity(position.size)}</td>
                  <td className="num">{formatPrice(position.entryPrice)}</td>
                  <td className="num">{formatPrice(position.currentPrice)}</td>
                  {/* The percentage under the amount: one column less to fit a 1024 px window. */}
                  <td className="num">
                    <SignedValue value={position.unrealizedPnl} symbol={position.symbol} />
                    <span className="cell-note">
                      <SignedValue value={position.unrealizedPnlPct} kind="pct" />
                    </span>
                  </td>
                  <td className="num">{formatPrice(position.stopLoss)}</td>
                  <td className="num">{formatPrice(position.takeProfit)}</td>
                  <td>
                    <TrailingState trailing={position.trailingStop} />
                  </td>
                  <td className="num">{`${position.leverage}×`}</td>
                  <td className="muted">{formatRelative(position.openedAt, props.now)}</td>
                  <td className="actions">
                    <div className="button-row">
                      <button
                        type="button"
                        className="button small"
                        aria-expanded={editing === position.id}
                        aria-label={`Edit SL/TP ${position.symbol} ${position.side}`}
                        onClick={() => {
                          positionsActions.clearError(position.id)
                          setEditing(editing === position.id ? null : position.id)
                        }}
                      >
                        Edit SL/TP
                      </button>
                      <button
                        type="button"
                        className="button small danger"
                        aria-haspopup="dialog"
                        aria-label={`Close ${position.symbol} ${position.side}`}
                        onClick={() => props.onCloseRequest(position)}
                      >
                        Close
                      </button>
                    </div>
                  </td>
                </tr>
                {editing === position.id ? (
                  <tr className="expanded">
                    <td colSpan={12}>
                      <StopEditor position={position} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
