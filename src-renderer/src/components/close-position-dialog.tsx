import { useEffect, useMemo, useState } from 'react'
import type { Position } from '../../../src-shared/contract'
import { formatPrice, formatQuantity, formatUsd } from '../format/numbers'
import { closePreviewKey } from '../store/positions-store'
import { useActions, useStoreState } from '../store/use-store-state'
import {
  CLOSE_ALL,
  CloseAmountPicker,
  closeAmountOf,
  type CloseChoice,
} from './close-amount-picker'
import { Dialog } from './dialog'
import { ErrorMessage } from './error-message'
import { KeyValueList } from './key-value-list'
import { SignedValue } from './signed-value'

/**
 * Confirms closing all of a position or part of it, showing the engine's estimate of the
 * size, exit price, fee and P&L of that part (from `positions:closePreview`) before anything
 * is sent. All of it is picked when the dialog opens, so a full close stays one click.
 */
export function ClosePositionDialog(props: { position: Position; onClose: () => void }) {
  const { position } = props
  const [choice, setChoice] = useState<CloseChoice>(CLOSE_ALL)
  const picked = useMemo(() => closeAmountOf(position.id, choice), [position.id, choice])
  const amount = 'amount' in picked ? picked.amount : null
  const previewKey = amount ? closePreviewKey(position.id, amount) : null
  const preview = useStoreState('positions', (state) =>
    previewKey ? state.previews[previewKey] : undefined,
  )
  const isClosing = useStoreState('positions', (state) => state.pending[position.id] === 'close')
  const error = useStoreState('positions', (state) => state.errors[position.id])
  const actions = useActions('positions')
  useEffect(() => {
    actions.clearError(position.id)
  }, [actions, position.id])
  useEffect(() => {
    if (amount) void actions.loadPreview(position.id, amount)
  }, [actions, position.id, amount])

  const confirm = async () => {
    if (!amount) return
    const outcome = await actions.close(position.id, amount)
    if (outcome.ok) props.onClose()
  }
  const base = position.symbol.split('/')[0] ?? position.symbol
  const estimate = preview?.data
  const isPart = estimate
    ? estimate.remainingSize !== '0'
    : amount !== null && Object.keys(amount).length > 0
  const confirmLabel = isClosing
    ? 'Closing…'
    : !isPart
      ? 'Close position'
      : estimate
        ? `Close ${formatQuantity(estimate.closeSize)} ${base}`
        : 'Close part'
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
            disabled={isClosing || !estimate}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <p>{`Close the ${description} position at market now, or part of it: the rest stays open with its stop-loss and take-profit resized.`}</p>
      <CloseAmountPicker
        base={base}
        choice={choice}
        placeholder={formatQuantity(estimate?.closeSize ?? position.size)}
        problem={'problem' in picked ? picked.problem : null}
        isInvalid={
          'problem' in picked ||
          (choice.typedSize.trim() !== '' && preview?.error?.code === 'BAD_REQUEST')
        }
        isDisabled={isClosing}
        onChange={(next) => {
          actions.clearError(position.id)
          setChoice(next)
        }}
      />
      {!amount ? null : estimate ? (
        <KeyValueList
          label="Close estimate"
          items={[
            [
              'Size to close',
              <span className="num">{`${formatQuantity(estimate.closeSize)} ${base}`}</span>,
            ],
            [
              'Stays open',
              <span className="num">{`${formatQuantity(estimate.remainingSize)} ${base}`}</span>,
            ],
            ['Entry price', <span className="num">{formatPrice(position.entryPrice)}</span>],
            [
              'Estimated exit price',
              <span className="num">{formatPrice(estimate.estimatedExitPrice)}</span>,
            ],
            ['Estimated fee', <span className="num">{formatUsd(estimate.estimatedFee)}</span>],
            ['Estimated P&L', <SignedValue value={estimate.estimatedPnl} label="Estimated P&L" />],
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
