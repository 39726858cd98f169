import type Decimal from 'decimal.js'

/** Rounds a size down to a whole number of the market's steps (`MarketRules.amountStep`). */
export function roundDownToStep(size: Decimal, step: Decimal): Decimal {
  return size.div(step).floor().times(step)
}
