import { asWords } from '../../../src-shared/words'
import type { Order } from '../../../src-shared/contract'
import { formatPrice, formatQuantity } from '../format/numbers'
import { formatTime } from '../format/time'
import { useActions, useStoreState } from '../store/use-store-state'
import { ErrorMessage } from './error-message'
import { OrderStatus } from './order-status'
import { CancelButton } from './cancel-button'

/** Open orders with a one-click cancel each; refusals show under the order. */
export function OpenOrdersTable(props: { orders: readonly Order[] }) {
  const cancelling = useStoreState('orders', (state) => state.cancelling)
  const errors = useStoreState('orders', (state) => state.errors)
  const { cancel } = useActions('orders')
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Open orders">
        <thead>
          <tr>
            <th>Created</th>
            <th>Symbol</th>
            <th>Side</th>
            <th>Type</th>
            <th>Role</th>
            <th className="num">Size</th>
            <th className="num">Filled</th>
            <th className="num">Price</th>
            <th className="num">Trigger</th>
            <th>Status</th>
            <th>Client id</th>
            <th className="num">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.orders.map((order) => {
            const error = errors[order.id]
            return (
              <tr key={order.id} aria-label={`Order ${order.clientOrderId}`}>
                <td className="tabular muted">{formatTime(order.createdAt)}</td>
                <td>
                  <strong>{order.symbol}</strong>
                </td>
                <td className={`side-${order.side}`}>{order.side}</td>
                <td>{asWords(order.type)}</td>
                <td className="muted">{asWords(order.role)}</td>
                <td className="num">{formatQuantity(order.size)}</td>
                <td className="num">{formatQuantity(order.filledSize)}</td>
                <td className="num">{formatPrice(order.price)}</td>
                <td className="num">{formatPrice(order.triggerPrice)}</td>
                <td>
                  <OrderStatus status={order.status} />
                </td>
                <td className="mono muted">{order.clientOrderId}</td>
                <td className="actions">
                  {error ? <ErrorMessage error={error} prefix="Cancel refused" /> : null}
                  <CancelButton
                    label={`Cancel order ${order.clientOrderId}`}
                    hint={cancelHint(order)}
                    isCancelling={Boolean(cancelling[order.id])}
                    onCancel={() => void cancel(order.id)}
                  />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** A cancelled stop loss or take profit leaves its position without that level; said in words. */
function cancelHint(order: Order): string | undefined {
  if (!order.positionId || (order.role !== 'stop-loss' && order.role !== 'take-profit')) {
    return undefined
  }
  return `Cancels the ${asWords(order.role)} and takes it off the ${order.symbol} position: it is not placed again`
}
