import { useEffect, useState } from 'react'
import { useActions, useStoreState } from '../store/use-store-state'
import { Dialog } from './dialog'
import { ErrorMessage } from './error-message'
import { counted } from '../../../src-shared/counted'

/**
 * The kill switch confirmation: says exactly what will happen (halt, cancel every open order
 * except the stop-losses and take-profits of positions that stay open, cancel the scheduled
 * rebalance trades, and — only when ticked —
 * close every open position at market with its protective orders), then shows what the
 * engine did.
 */
export function KillSwitchDialog(props: { onClose: () => void }) {
  const [closePositions, setClosePositions] = useState(false)
  const [isDone, setIsDone] = useState(false)
  // Stop-loss and take-profit orders go with their position: kept while it stays open.
  const openOrders = useStoreState(
    'orders',
    (state) =>
      state.open.data?.filter((order) => order.role !== 'stop-loss' && order.role !== 'take-profit')
        .length ?? null,
  )
  const openPositions = useStoreState('positions', (state) => state.open.data?.length ?? null)
  const scheduledBatches = useStoreState('portfolio', (state) => state.batches.data?.length ?? null)
  const pending = useStoreState('coordinator', (state) => state.pending)
  const actionError = useStoreState('coordinator', (state) => state.actionError)
  const result = useStoreState('coordinator', (state) => state.lastKillSwitch)
  const { killSwitch } = useActions('coordinator')
  const { loadBatches } = useActions('portfolio')
  // The status bar is everywhere; the scheduled batches are loaded only where they are shown.
  useEffect(() => {
    void loadBatches()
  }, [loadBatches])
  const isRunning = pending === 'killSwitch'
  // "Cancel 0 open orders" read as if the positions' protective orders were not there.
  const ordersText =
    openOrders === 0
      ? 'No open orders to cancel other than stop-losses and take-profits.'
      : `Cancel ${openOrders === null ? 'every open order' : counted(openOrders, 'open order')} other than stop-losses and take-profits.`
  const batchesText =
    scheduledBatches === 0
      ? 'No scheduled rebalance trades to cancel.'
      : `Cancel ${scheduledBatches === null ? 'every scheduled rebalance trade' : counted(scheduledBatches, 'scheduled rebalance trade')}, so nothing trades the moment you resume.`
  const positionsText =
    openPositions === null ? 'every open position' : counted(openPositions, 'open position')

  const confirm = async () => {
    const outcome = await killSwitch(closePositions)
    // The list is fetched again now, with the result in hand; the engine's portfolio.changed
    // event for the cancelled batches reloads it too, whoever pressed the kill switch.
    if (!outcome.ok) return
    void loadBatches()
    setIsDone(true)
  }

  if (isDone && result) {
    return (
      <Dialog
        title="Kill switch engaged"
        tone="danger"
        onCancel={props.onClose}
        footer={
          <button type="button" className="button" onClick={props.onClose}>
            Close
          </button>
        }
      >
        <p role="status">
          {`Trading is ${result.state}. Cancelled ${counted(result.cancelledOrders, 'order')} and ${counted(result.cancelledBatches, 'scheduled rebalance trade')}, closed ${counted(result.closedPositions, 'position')}.`}
        </p>
        {result.errors.length > 0 ? (
          <div role="alert">
            <p className="warn-text">Some steps failed:</p>
            <ul>
              {result.errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="muted">Resume trading from the status bar when you are ready.</p>
      </Dialog>
    )
  }

  return (
    <Dialog
      title="Kill switch"
      tone="danger"
      onCancel={props.onClose}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose} disabled={isRunning}>
            Keep trading
          </button>
          <button type="button" className="button kill" onClick={confirm} disabled={isRunning}>
            {isRunning
              ? 'Halting…'
              : closePositions
                ? 'Halt, cancel orders and close positions'
                : 'Halt and cancel orders'}
          </button>
        </>
      }
    >
      <p>This will immediately:</p>
      <ol aria-label="What the kill switch will do">
        <li>Halt the coordinator: no new trades are opened until you resume.</li>
        <li>{ordersText}</li>
        <li>{batchesText}</li>
        <li>
          {closePositions
            ? `Close ${positionsText} at market price.`
            : `Leave ${positionsText} open (you can still close them while halted).`}
        </li>
        <li>
          {closePositions
            ? 'Cancel the stop-loss and take-profit orders of the positions it closes.'
            : 'Keep stop-loss and take-profit orders in place: they protect the open positions.'}
        </li>
      </ol>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={closePositions}
          onChange={(event) => setClosePositions(event.target.checked)}
          disabled={isRunning}
        />
        <span>{`Also close ${positionsText} at market`}</span>
      </label>
      {actionError?.action === 'killSwitch' ? (
        <ErrorMessage error={actionError.error} prefix="The kill switch failed" />
      ) : null}
    </Dialog>
  )
}
