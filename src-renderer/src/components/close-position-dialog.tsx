import { useEffect, useMemo, useState } from 'react'
import type { Position } from '../../../src-shared/contract'
import { formatPrice, formatQuantity, formatQuoteAmount } from '../format/numbers'
import { closePreviewKey } from '../store/positions-store'
import { useActions, useStoreState } from '../store/use-store-state'
import {
  CLOSE_ALL,
  CloseAmountPicker,
  closeAmountOf,
  type CloseChoice,
} from './close-amount-picker'
import { ClosedElsewhereFields, exitPriceOf } from './closed-elsewhere-fields'
import { ClosedMeanwhileNotice } from './closed-meanwhile-notice'
import { Dialog } from './dialog'
import { ErrorMessage } from './error-message'
import { KeyValueList } from './key-value-list'
import { SignedValue } from './signed-value'

/**
 * Confirms closing all of a position or part of it, showing the engine's estimate of the
 * size, exit price, fee and P&L of that part (from `positions:closePreview`) before anything
 * is sent. All of it is picked when the dialog opens, so a full close stays one click. A
 * position already sold on the exchange without the app can be recorded as closed there
 * instead (see {@link ClosedElsewhereFields}). A position that closes while the dialog is open
 * (`isOpen` false before the trader confirmed) leaves a notice of how it closed instead.
 */
export function ClosePositionDialog(props: {
  position: Position
  isOpen: boolean
  onClose: () => void
}) {
  const { position } = props
  const [hasConfirmed, setConfirmed] = useState(false)
  const title = `Close ${position.symbol} ${position.side}`
  const [choice, setChoice] = useState<CloseChoice>(CLOSE_ALL)
  const [isClosedElsewhere, setClosedElsewhere] = useState(false)
  const [typedExitPrice, setTypedExitPrice] = useState('')
  const exit = exitPriceOf(position.id, typedExitPrice)
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
    // The trader's own close removes the position too: that is no news to show.
    setConfirmed(true)
    const outcome = isClosedElsewhere
      ? 'exitPrice' in exit
        ? await actions.recordClose(position.id, exit.exitPrice)
        : null
      : amount
        ? await actions.close(position.id, amount)
        : null
    if (outcome?.ok) props.onClose()
    else setConfirmed(false)
  }
  if (!props.isOpen && !hasConfirmed) {
    return (
      <Dialog
        title={title}
        onCancel={props.onClose}
        footer={
          <button type="button" className="button" onClick={props.onClose}>
            OK
          </button>
        }
      >
        <ClosedMeanwhileNotice position={position} />
      </Dialog>
    )
  }
  const switchMode = () => {
    actions.clearError(position.id)
    setClosedElsewhere(!isClosedElsewhere)
  }
  const [base = position.symbol, quote = ''] = position.symbol.split('/')
  const estimate = preview?.data
  const isPart = estimate
    ? estimate.remainingSize !== '0'
    : amount !== null && Object.keys(amount).length > 0
  const confirmLabel = isClosing
    ? 'Closing…'
    : isClosedElsewhere
      ? 'exitPrice' in exit
        ? `Record close at ${formatPrice(exit.exitPrice)}`
        : 'Record close'
      : !isPart
        ? 'Close position'
        : estimate
          ? `Close ${formatQuantity(estimate.closeSize)} ${base}`
          : 'Close part'
  const description = `${position.side} ${formatQuantity(position.size)} ${position.symbol}`
  return (
    <Dialog
      title={title}
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
            disabled={
              isClosing || !props.isOpen || (isClosedElsewhere ? !('exitPrice' in exit) : !estimate)
            }
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {isClosedElsewhere ? (
        <ClosedElsewhereFields
          quote={quote}
          price={typedExitPrice}
          problem={typedExitPrice.trim() !== '' && 'problem' in exit ? exit.problem : null}
          isDisabled={isClosing}
          onChange={(price) => {
            actions.clearError(position.id)
            setTypedExitPrice(price)
          }}
        />
      ) : (
        <>
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
                [
                  'Estimated fee',
                  <span className="num">
                    {formatQuoteAmount(estimate.estimatedFee, position.symbol)}
                  </span>,
                ],
                [
                  'Estimated P&L',
                  <SignedValue
                    value={estimate.estimatedPnl}
                    symbol={position.symbol}
                    label="Estimated P&L"
                  />,
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
          <p className="muted">
            The actual fill may differ from the estimate with market movement.
          </p>
        </>
      )}
      <button
        type="button"
        className="button ghost small"
        onClick={switchMode}
        disabled={isClosing}
      >
        {isClosedElsewhere
          ? 'Close at market instead'
          : `Already ${position.side === 'short' ? 'bought back' : 'sold'} on the exchange? Record that close instead`}
      </button>
      {error ? <ErrorMessage error={error} prefix="The engine refused to close" /> : null}
    </Dialog>
  )
}
