import type { RebalanceBatch } from '../../../src-shared/contract'
import { groupBy } from '../../../src-shared/group-by'
import { formatUsd, sumDecimalTexts } from '../format/numbers'
import { formatDateTime, formatDue, formatTime } from '../format/time'
import { useActions, useStoreState } from '../store/use-store-state'
import { CancelButton } from './cancel-button'

/**
 * The DCA batches of rebalances waiting to trade, grouped by rebalance in execution order:
 * when each is due (local time, and how long until on the engine's clock), what it trades and
 * which batch of how many; a cancel per batch and one for every batch of a rebalance (a
 * refusal shows above the table, see the Overview).
 */
export function ScheduledBatchesTable(props: {
  batches: readonly RebalanceBatch[]
  now: number | null
}) {
  const cancelling = useStoreState('portfolio', (state) => state.cancelling)
  const { cancelBatch, cancelRebalance } = useActions('portfolio')
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Scheduled rebalance trades">
        <thead>
          <tr>
            <th>Due</th>
            <th>Symbol</th>
            <th>Side</th>
            <th className="num">Amount USD</th>
            <th className="num">Batch</th>
            <th className="num">Actions</th>
          </tr>
        </thead>
        {[...groupBy(props.batches, (batch) => batch.rebalanceId)].map(([rebalanceId, batches]) => {
          const isCancellingAll = Boolean(cancelling[rebalanceId])
          return (
            <tbody key={rebalanceId}>
              <tr className="group-row" aria-label={`Rebalance ${rebalanceId}`}>
                <td colSpan={5}>
                  Rebalance{' '}
                  <span className="mono" title={rebalanceId}>
                    {rebalanceId.slice(0, 8)}
                  </span>{' '}
                  <span className="muted">
                    · {batches.length} pending ·{' '}
                    {formatUsd(sumDecimalTexts(batches.map((batch) => batch.amountUsd)))} USD
                  </span>
                </td>
                <td className="actions">
                  <CancelButton
                    label={`Cancel all batches of rebalance ${rebalanceId}`}
                    isCancelling={isCancellingAll}
                    text="Cancel all"
                    onCancel={() => void cancelRebalance(rebalanceId)}
                  />
                </td>
              </tr>
              {batches.map((batch) => {
                const isCancelling = isCancellingAll || Boolean(cancelling[batch.id])
                const label = `${batch.batchNumber}/${batch.batchCount}`
                return (
                  <tr key={batch.id} aria-label={`Batch ${label} ${batch.side} ${batch.symbol}`}>
                    <td className="tabular" title={formatDateTime(batch.dueAt)}>
                      {formatTime(batch.dueAt)}{' '}
                      <span className="cell-note">{formatDue(batch.dueAt, props.now)}</span>
                    </td>
                    <td>
                      <strong>{batch.symbol}</strong>
                    </td>
                    <td className={`side-${batch.side}`}>{batch.side}</td>
                    <td className="num">{formatUsd(batch.amountUsd)}</td>
                    <td className="num">{label}</td>
                    <td className="actions">
                      <CancelButton
                        label={`Cancel batch ${label} ${batch.side} ${batch.symbol}`}
                        isCancelling={Boolean(cancelling[batch.id])}
                        isDisabled={isCancelling}
                        onCancel={() => void cancelBatch(batch.id)}
                      />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          )
        })}
      </table>
    </div>
  )
}
