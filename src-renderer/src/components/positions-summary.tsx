import { memo } from 'react'
import type { Position } from '../../../src-shared/contract'
import { formatPrice, formatQuantity, sumDecimalTexts } from '../format/numbers'
import { SignedValue } from './signed-value'

/** A compact list of open positions with the total unrealized P&L. */
export const PositionsSummary = memo(function PositionsSummary(props: {
  positions: readonly Position[]
}) {
  const total = sumDecimalTexts(props.positions.map((position) => position.unrealizedPnl))
  return (
    <div>
      <div className="summary-strip">
        <div className="metric">
          <span className="label">Open</span>
          <span className="value">{props.positions.length}</span>
        </div>
        <div className="metric">
          <span className="label">Unrealized P&amp;L</span>
          <span className="value">
            <SignedValue value={total} label="Total unrealized P&L" />
          </span>
        </div>
      </div>
      <table className="data" aria-label="Open positions summary">
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Side</th>
            <th className="num">Size</th>
            <th className="num">Entry</th>
            <th className="num">Mark</th>
            <th className="num">P&amp;L</th>
          </tr>
        </thead>
        <tbody>
          {props.positions.map((position) => (
            <tr key={position.id}>
              <td>
                <strong>{position.symbol}</strong>
              </td>
              <td className={`side-${position.side}`}>{position.side}</td>
              <td className="num">{formatQuantity(position.size)}</td>
              <td className="num">{formatPrice(position.entryPrice)}</td>
              <td className="num">{formatPrice(position.currentPrice)}</td>
              <td className="num">
                <SignedValue value={position.unrealizedPnl} symbol={position.symbol} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
})
