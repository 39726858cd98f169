import { LoadState } from '../components/load-state'
import { OpenOrdersTable } from '../components/open-orders-table'
import { OrderHistoryTable } from '../components/order-history-table'
import { Panel } from '../components/panel'
import { useReload } from '../hooks/use-reload'
import { useActions, useStoreState } from '../store/use-store-state'

/** Open orders (cancel) and the order history with status timelines. */
export function OrdersView() {
  const open = useStoreState('orders', (state) => state.open)
  const history = useStoreState('orders', (state) => state.history)
  const orders = useActions('orders')
  useReload(() => void orders.load())
  useReload(() => void orders.loadHistory())
  return (
    <>
      <Panel title="Open orders" isFlush>
        <LoadState
          loadable={open}
          label="open orders"
          onRetry={() => void orders.load()}
          empty="No open orders. Entry, stop-loss and take-profit orders resting at the exchange appear here."
        >
          {(data) => <OpenOrdersTable orders={data} />}
        </LoadState>
      </Panel>
      <Panel title="Order history" isFlush>
        <LoadState
          loadable={history}
          label="order history"
          onRetry={() => void orders.loadHistory()}
          empty="No orders yet."
        >
          {(data) => <OrderHistoryTable orders={data} />}
        </LoadState>
      </Panel>
    </>
  )
}
