import type { Position } from '../../../src-shared/contract'
import { asWords } from '../../../src-shared/words'
import { formatPrice } from '../format/numbers'
import { KeyValueList } from './key-value-list'
import { SignedValue } from './signed-value'

/**
 * What the close dialog says when its position closed while it was open (a stop-loss or
 * take-profit filled, the engine closed it): nothing is left to close, and how it ended when
 * the engine told.
 */
export function ClosedMeanwhileNotice(props: { position: Position }) {
  const { position } = props
  const isKnown = position.status === 'closed'
  return (
    <>
      <p role="status">{`This ${position.side} ${position.symbol} position closed while this dialog was open: there is nothing left to close.`}</p>
      {isKnown ? (
        <KeyValueList
          label="How it closed"
          items={[
            ['Reason', position.closeReason ? asWords(position.closeReason) : '—'],
            ['Exit price', <span className="num">{formatPrice(position.exitPrice)}</span>],
            [
              'Realized P&L',
              <SignedValue
                value={position.realizedPnl}
                symbol={position.symbol}
                label="Realized P&L"
              />,
            ],
          ]}
        />
      ) : (
        <p className="muted">Recently closed positions below show how it closed.</p>
      )}
    </>
  )
}
