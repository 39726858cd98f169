import Decimal from 'decimal.js'
import type { CloseAmount } from '../../../src-shared/contract'
import { isBelowMinimumOrder, roundDownToStep, type MarketRules, type Position } from '../execution'

/** What a close takes off a position and what it leaves open. */
export interface CloseSize {
  readonly size: Decimal
  readonly remaining: Decimal
  readonly isFullClose: boolean
}

/** The market a close is sent to: its trading rules (null when unknown) and a price for costs. */
export interface CloseMarket {
  readonly rules: MarketRules | null
  readonly price: Decimal
}

/**
 * Returns what a close of `amount` sends: all of the position when no amount is given or the
 * amount reaches its open size, otherwise the amount rounded down to the market's size step.
 * Returns why it cannot be sent instead — a size above the open size, or a part (or what it
 * would leave open) the market cannot trade, below its minimum size or cost — naming the
 * field the amount came from.
 */
export function resolveCloseSize(
  position: Pick<Position, 'id' | 'symbol' | 'size'>,
  amount: CloseAmount,
  market: CloseMarket,
): CloseSize | { problem: string } {
  const all: CloseSize = { size: position.size, remaining: new Decimal(0), isFullClose: true }
  const open = position.size.toFixed()
  let requested: Decimal
  let field: string
  if (amount.size !== undefined) {
    requested = new Decimal(amount.size)
    field = `size=${amount.size}`
    if (requested.gt(position.size)) {
      return { problem: `${field} is above the open size=${open} of position id=${position.id}` }
    }
  } else if (amount.sizePct !== undefined) {
    requested = position.size.times(amount.sizePct).div(100)
    field = `sizePct=${amount.sizePct}`
  } else {
    return all
  }
  if (requested.gte(position.size)) return all
  const { rules, price } = market
  const size = rules ? roundDownToStep(requested, rules.amountStep) : requested
  const remaining = position.size.minus(size)
  const symbol = `symbol=${position.symbol}`
  if (size.lte(0) || (rules && size.lt(rules.minSize))) {
    const minimum = rules ? rules.minSize.toFixed() : '0'
    return {
      problem: `${field} would close ${size.toFixed()}, below the market's minimum order size=${minimum} ${symbol}`,
    }
  }
  if (rules && size.times(price).lt(rules.minCost)) {
    return {
      problem: `${field} would close ${size.toFixed()} worth ${size.times(price).toFixed(2)}, below the market's minimum order cost=${rules.minCost.toFixed()} ${symbol}`,
    }
  }
  if (rules && isBelowMinimumOrder(rules, remaining, price)) {
    // What stays open must still be closable: the exchange refuses an order that small.
    return {
      problem: `${field} would leave ${remaining.toFixed()} open, too little for the market to close later (minimum size=${rules.minSize.toFixed()} cost=${rules.minCost.toFixed()}) ${symbol}; close all of it instead`,
    }
  }
  return { size, remaining, isFullClose: false }
}
