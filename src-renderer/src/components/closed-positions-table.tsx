import type { Position } from '../../../src-shared/contract'
import { asWords } from '../../../src-shared/words'
import { formatPrice, formatQuantity, formatQuoteAmount } from '../format/numbers'
import { formatDateTime } from '../format/time'
import { SignedValue } from './signed-value'

/** Recently closed positions with their exit and realized P&L. */
export function ClosedPositionsTable(props: {
  positions: readonly Position[]
  onOpenTrace?: (correlationId: string) => void
}) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Closed positions">
        <thead>
          <tr>
            <th>Closed</th>
            <th>Symbol</th>
            <th>Side</th>
            <th className="num">Size</th>
            <th className="num">Entry</th>
            <th className="num">Exit</th>
            <th className="num">Realized P&amp;L</th>
            <th className="num">Fees</th>
            <th>Reason</th>
            <th className="num">Trace</th>
          </tr>
        </thead>
        <tbody>
          {props.positions.map((position) => (
            <tr key={position.id}>
              <td className="tabular muted">{formatDateTime(position.closedAt)}</td>
              <td>
                <strong>{position.symbol}</strong>
              </td>
              <td className={`side-${position.side}`}>{position.side}</td>
              <td className="num">{formatQuantity(position.size)}</td>
              <td className="num">{formatPrice(position.entryPrice)}</td>
              <td className="num">{formatPrice(position.exitPrice)}</td>
              <td className="num">
                <SignedValue value={position.realizedPnl} symbol={position.symbol} />
              </td>
              <td className="num muted">{formatQuoteAmount(position.fees, position.symbol)}</td>
              <td>{position.closeReason ? asWords(position.closeReason) : '—'}</td>
              <td className="actions">
                {position.correlationId && props.onOpenTrace ? (
                  <button
                    type="button"
                    className="button ghost small"
                    aria-label={`Open trace ${position.correlationId}`}
                    onClick={() => props.onOpenTrace?.(position.correlationId as string)}
                  >
                    Trace
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
