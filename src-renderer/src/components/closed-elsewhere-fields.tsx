import { closePositionInput } from '../../../src-shared/contract'
import { DecimalField } from './decimal-field'

/**
 * Returns the exit price to book for a typed price, or the problem the contract's schema finds
 * in it (the engine books the close only at a price greater than zero).
 */
export function exitPriceOf(
  id: string,
  typed: string,
): { exitPrice: string } | { problem: string } {
  const exitPrice = typed.trim()
  if (exitPrice === '') return { problem: 'Exit price: enter the price it was closed at' }
  const parsed = closePositionInput.safeParse({ id, exitPrice })
  if (parsed.success) return { exitPrice }
  return { problem: `Exit price: ${parsed.error.issues[0]?.message ?? 'not a valid price'}` }
}

/**
 * The price of a close made outside the app (sold by hand on the exchange's website). Booking
 * it closes the position in the books and cancels its stop-loss and take-profit; nothing is
 * sold. It is the way out for a position the account no longer holds, which a close at market
 * can only fail to sell.
 */
export function ClosedElsewhereFields(props: {
  /** The quote asset the price is counted in ("USDT"). */
  quote: string
  price: string
  /** What is wrong with the typed price, shown under it once something was typed. */
  problem: string | null
  isDisabled: boolean
  onChange: (price: string) => void
}) {
  return (
    <div className="close-amount">
      <p>
        Record a close made on the exchange without the app: the position is closed in the books at
        this price and its stop-loss and take-profit are cancelled. Nothing is traded.
      </p>
      <DecimalField
        label={`Exit price (${props.quote})`}
        value={props.price}
        isInvalid={props.problem !== null}
        problem={props.problem}
        isDisabled={props.isDisabled}
        onChange={props.onChange}
      />
    </div>
  )
}
