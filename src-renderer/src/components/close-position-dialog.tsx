import { useEffect } from 'react'
import type { Position } from '../../../src-shared/contract'
import { formatPrice, formatQuantity, formatUsd } from '../format/numbers'
import { useActions, useStoreState } from '../store/use-store-state'
import { Dialog } from './dialog'
import { ErrorMessage } from './error-message'
import { KeyValueList } from './key-value-list'
import { SignedValue } from './signed-value'

/**
 * Confirms closing a position, showing the engine's estimate of the exit price, fee and P&L
 * (from `positions:closePreview`) before anything is sent.
 */
export function ClosePositionDialog(props: { position: Position; onClose: () => void }) {
  const { position } = props
  const preview = useStoreState('positions', (state) => state.previews[position.id])
  const isClosing = useStoreState('positions', (state) => state.pending[position.id] === 'close')
  const error = useStoreState('positions', (state) => state.errors[position.id])
  const actions = useActions('positions')
  useEffect(() => {
    actions.clearError(position.id)
    void actions.loadPreview(position.id)
  }, [actions, position.id])

  const confirm = async () => {
    const outcome = await actions.close(position.id)
    if (outcome.ok) props.onClose()
  }
  const description = `${position.side} ${formatQuantity(position.size)} ${position.symbol}`
  return (
    <Dialog
      title={`Close ${position.symbol} ${position.side}`}
      onCancel={props.onClose}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose} disabled={isClosing}>
            Keep open
          </button>
          <button
            type="button"
            className="button danger"
            onClick={confirm}
            disabled={isClosing || !preview?.data}
          >
            {isClosing ? 'Closing…' : 'Close position'}
          </button>
        </>
      }
    >
      <p>{`Close the ${description} position at market now.`}</p>
      {preview?.data ? (
        <KeyValueList
          label="Close estimate"
          items={[
            ['Entry price', <span className="num">{formatPrice(position.entryPrice)}</span>],
            [
              'Estimated exit price',
              <span className="num">{formatPrice(preview.data.estimatedExitPrice)}</span>,
            ],
            ['Estimated fee', <span className="num">{formatUsd(preview.data.estimatedFee)}</span>],
            [
              'Estimated P&L',
              <SignedValue value={preview.data.estimatedPnl} label="Estimated P&L" />,
            ],
          ]}
        />
      ) : preview?.error ? (
        <ErrorMessage error={preview.error} prefix="Could not estimate the exit" />
      ) : (
        <div className="state-box loading" role="status" aria-busy="true">
          Estimating exit price…
        </div>
      )}
      <p className="muted">The actual fill may differ from the estimate with market movement.</p>
      {error ? <ErrorMessage error={error} prefix="The engine refused to close" /> : null}
    </Dialog>
  )
}
