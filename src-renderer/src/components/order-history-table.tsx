import { asWords } from '../../../src-shared/words'
import { Fragment, useState } from 'react'
import type { Order } from '../../../src-shared/contract'
import { formatPrice, formatQuantity, formatQuoteAmount } from '../format/numbers'
import { formatDateTime, formatDateTimeAfter } from '../format/time'
import { useActions, useStoreState } from '../store/use-store-state'
import { LoadState } from './load-state'
import { OrderStatus } from './order-status'
import { OrderTimeline } from './order-timeline'

/** Every order, newest created first, with when it last changed; expanding one shows its status timeline. */
export function OrderHistoryTable(props: { orders: readonly Order[] }) {
  const [expanded, setExpanded] = useState<string | null>(null)
  const details = useStoreState('orders', (state) => state.details)
  const { loadDetail } = useActions('orders')
  const toggle = (order: Order) => {
    if (expanded === order.id) {
      setExpanded(null)
      return
    }
    setExpanded(order.id)
    if (!order.timeline) void loadDetail(order.id)
  }
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Order history">
        <thead>
          <tr>
            <th>Created</th>
            <th>Updated</th>
            <th>Symbol</th>
            <th>Side</th>
            <th>Type</th>
            <th>Role</th>
            <th className="num">Size</th>
            <th className="num">Filled</th>
            <th className="num">Avg price</th>
            <th className="num">Fee</th>
            <th>Status</th>
            <th className="num">Timeline</th>
          </tr>
        </thead>
        <tbody>
          {props.orders.map((order) => (
            <Fragment key={order.id}>
              <tr>
                <td className="tabular">{formatDateTime(order.createdAt)}</td>
                <td className="tabular muted" title={formatDateTime(order.updatedAt)}>
                  {formatDateTimeAfter(order.updatedAt, order.createdAt)}
                </td>
                <td>
                  <strong>{order.symbol}</strong>
                </td>
                <td className={`side-${order.side}`}>{order.side}</td>
                <td>{asWords(order.type)}</td>
                <td className="muted">{asWords(order.role)}</td>
                <td className="num">{formatQuantity(order.size)}</td>
                <td className="num">{formatQuantity(order.filledSize)}</td>
                <td className="num">{formatPrice(order.averageFillPrice ?? order.price)}</td>
                <td className="num muted">{formatQuoteAmount(order.fee, order.symbol)}</td>
                {/* The exchange's error under the status, wrapped: it is often a long sentence. */}
                <td className="wrap">
                  <OrderStatus status={order.status} />
                  {order.error ? <span className="cell-note down">{order.error}</span> : null}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button small"
                    aria-expanded={expanded === order.id}
                    aria-label={`Timeline of order ${order.clientOrderId}`}
                    onClick={() => toggle(order)}
                  >
                    {expanded === order.id ? 'Hide' : 'Timeline'}
                  </button>
                </td>
              </tr>
              {expanded === order.id ? (
                <tr className="expanded">
                  <td colSpan={12}>
                    {order.timeline ? (
                      <OrderTimeline timeline={order.timeline} symbol={order.symbol} />
                    ) : (
                      <LoadState
                        loadable={details[order.id] ?? { data: null, isLoading: true, error: null }}
                        label="timeline"
                        onRetry={() => void loadDetail(order.id)}
                      >
                        {(detail) => (
                          <OrderTimeline timeline={detail.timeline ?? []} symbol={detail.symbol} />
                        )}
                      </LoadState>
                    )}
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  )
}
