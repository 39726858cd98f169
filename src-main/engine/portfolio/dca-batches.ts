import Decimal from 'decimal.js'
import { AMOUNT_DECIMALS } from './rebalance-plan'

/** How to split one trade. */
export interface BatchOptions {
  /** The most batches to cut the trade into. */
  readonly maxBatches: number
  /** No batch may be smaller than this; fewer batches are used instead. */
  readonly minTradeUsd: Decimal
}

/**
 * Splits an amount into at most `maxBatches` batches that sum exactly to it (seed 001
 * v1.4): every batch but the last is the amount ÷ count rounded down to the cent, and the
 * last takes the remainder, so it is the largest by less than a cent per batch. The count
 * is lowered while a batch would fall below `minTradeUsd`; an amount too small for two
 * batches stays whole.
 */
export function splitIntoBatches(amount: Decimal, options: BatchOptions): Decimal[] {
  if (!Number.isInteger(options.maxBatches) || options.maxBatches < 1) {
    throw new Error(
      `splitIntoBatches: maxBatches=${options.maxBatches} must be a whole number >= 1`,
    )
  }
  if (!amount.gt(0))
    throw new Error(`splitIntoBatches: amount=${amount.toFixed()} must be positive`)
  for (let count = options.maxBatches; count > 1; count--) {
    const batch = amount.div(count).toDecimalPlaces(AMOUNT_DECIMALS, Decimal.ROUND_DOWN)
    if (batch.lt(options.minTradeUsd) || batch.isZero()) continue
    const batches = Array.from({ length: count - 1 }, () => batch)
    batches.push(amount.minus(batch.times(count - 1)))
    return batches
  }
  return [amount]
}
