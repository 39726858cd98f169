import Decimal from 'decimal.js'
import type { PortfolioContext } from '../risk'

const ZERO = new Decimal(0)

/**
 * The risk context with each hodl bag taken out of its asset's free balance (never below 0):
 * a trade — a rebalance's or a trading signal's — may sell or spend only what lies outside the
 * bags, which are locked (seed 003). The risk engine's FREE_BALANCE rule then sizes a buy (fee
 * included) by the quote asset outside its bag, and a spot sell by the coins outside theirs.
 * Taken from the free balance, not the total: units reserved by open orders are about to leave
 * the account, so only the free balance is sure to stay.
 */
export function withoutHodlBags(
  context: PortfolioContext,
  bags: Readonly<Record<string, Decimal>>,
): PortfolioContext {
  const freeBalances = { ...context.freeBalances }
  for (const [asset, hodl] of Object.entries(bags)) {
    const free = freeBalances[asset]
    if (free === undefined || !hodl.gt(ZERO)) continue
    freeBalances[asset] = Decimal.max(ZERO, free.minus(hodl))
  }
  return { ...context, freeBalances }
}
