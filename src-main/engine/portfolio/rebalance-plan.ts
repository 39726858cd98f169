import Decimal from 'decimal.js'
import type { PortfolioAllocation } from './allocation'

const ZERO = new Decimal(0)
const HUNDRED = new Decimal(100)
/** Trade amounts are in the quote asset (USDT), kept to the cent. */
export const AMOUNT_DECIMALS = 2

/** Which way a rebalance trade goes, seen from the base asset. */
export type TradeSide = 'buy' | 'sell'

/** A trade that moves one asset toward its target, before a strategy is applied. */
export interface PlannedTrade {
  /** ASSET/QUOTE, e.g. BTC/USDT. */
  readonly symbol: string
  readonly asset: string
  readonly side: TradeSide
  /** How much to buy or sell, in the quote asset, rounded to the cent. */
  readonly amountUsd: Decimal
  /** The price the amount was computed at. */
  readonly price: Decimal
  /**
   * The smallest order worth making, in the quote asset: `min_trade_usd` or the exchange's
   * minimum order at `price`, whichever is higher. DCA batches stay at or above it.
   */
  readonly minimumUsd: Decimal
}

/** A trade that was needed but is too small to make. */
export interface SkippedTrade {
  readonly symbol: string
  readonly side: TradeSide
  readonly amountUsd: Decimal
  readonly reason: string
}

/** What a rebalance check decided. */
export interface RebalancePlan {
  readonly action: 'no_action' | 'rebalance'
  /** Sells first, then buys; each group largest first. */
  readonly trades: readonly PlannedTrade[]
  readonly skipped: readonly SkippedTrade[]
  /** Why, in words (for no_action) or what (for rebalance). */
  readonly reasoning: string
}

export interface PlanOptions {
  readonly minTradeUsd: Decimal
  /**
   * The exchange's smallest order in a market at a price, in the quote asset (its minimum
   * size times the price, or its minimum cost), or null when it does not say.
   */
  readonly exchangeMinimumUsd?: (symbol: string, price: Decimal) => Decimal | null
  /** Plans trades even when the deviation is within the threshold. */
  readonly isForced: boolean
}

/**
 * Decides whether to rebalance and which trades bring each non-quote asset to its target.
 * No action while the largest deviation does not exceed the threshold (seed 001: "trigger
 * when deviation exceeds"), unless forced; none at zero equity; none while a held asset
 * has no price. Each trade is target value − current value of one asset against the quote
 * asset; trades below `minTradeUsd` or the exchange's minimum order are skipped (the exchange
 * would refuse them). The quote asset is never traded itself:
 * it ends where the sells and buys leave it. Works for any number of assets.
 */
export function planRebalance(
  allocation: PortfolioAllocation,
  options: PlanOptions,
): RebalancePlan {
  const noAction = (reasoning: string): RebalancePlan => ({
    action: 'no_action',
    trades: [],
    skipped: [],
    reasoning,
  })
  const deviation = `max deviation ${allocation.maxDeviationPct.toFixed(2)} %`
  const threshold = `threshold ${allocation.thresholdPct.toFixed()} %`
  if (allocation.isZeroEquity) return noAction('zero equity: nothing to rebalance')
  if (allocation.missingPrices.length > 0) {
    const symbols = allocation.missingPrices.map((asset) => `${asset}/${allocation.quoteAsset}`)
    return noAction(`no price for ${symbols.join(', ')}: not rebalancing on a partial valuation`)
  }
  if (!options.isForced && !allocation.maxDeviationPct.gt(allocation.thresholdPct)) {
    return noAction(`${deviation} does not exceed ${threshold}`)
  }

  const trades: PlannedTrade[] = []
  const skipped: SkippedTrade[] = []
  for (const asset of allocation.assets) {
    if (asset.asset === allocation.quoteAsset || asset.price === null) continue
    const targetValue = allocation.totalEquity.times(asset.targetPct).div(HUNDRED)
    const difference = targetValue.minus(asset.value)
    const amountUsd = difference.abs().toDecimalPlaces(AMOUNT_DECIMALS, Decimal.ROUND_HALF_UP)
    if (amountUsd.isZero()) continue
    const symbol = `${asset.asset}/${allocation.quoteAsset}`
    const side: TradeSide = difference.gt(ZERO) ? 'buy' : 'sell'
    const amountText = amountUsd.toFixed(AMOUNT_DECIMALS)
    if (amountUsd.lt(options.minTradeUsd)) {
      skipped.push({
        symbol,
        side,
        amountUsd,
        reason: `amount ${amountText} is below min_trade_usd ${options.minTradeUsd.toFixed()}`,
      })
      continue
    }
    const exchangeMinimumUsd = options.exchangeMinimumUsd?.(symbol, asset.price) ?? null
    if (exchangeMinimumUsd !== null && amountUsd.lt(exchangeMinimumUsd)) {
      skipped.push({
        symbol,
        side,
        amountUsd,
        reason: `amount ${amountText} is below the exchange's minimum order ${exchangeMinimumUsd.toFixed(AMOUNT_DECIMALS, Decimal.ROUND_UP)}`,
      })
      continue
    }
    trades.push({
      symbol,
      asset: asset.asset,
      side,
      amountUsd,
      price: asset.price,
      minimumUsd: Decimal.max(options.minTradeUsd, exchangeMinimumUsd ?? options.minTradeUsd),
    })
  }
  trades.sort(sellsFirstLargestFirst)

  if (trades.length === 0) {
    return { ...noAction(`${deviation}; every trade is too small to make`), skipped }
  }
  const why =
    options.isForced && !allocation.maxDeviationPct.gt(allocation.thresholdPct)
      ? `forced rebalance (${deviation}, ${threshold})`
      : `${deviation} exceeds ${threshold}`
  const what = trades
    .map((trade) => `${trade.side} ${trade.amountUsd.toFixed(AMOUNT_DECIMALS)} ${trade.symbol}`)
    .join(', ')
  return { action: 'rebalance', trades, skipped, reasoning: `${why}: ${what}` }
}

/** Sells before buys (they free the quote asset the buys spend), larger trades first. */
export function sellsFirstLargestFirst(a: PlannedTrade, b: PlannedTrade): number {
  if (a.side !== b.side) return a.side === 'sell' ? -1 : 1
  return b.amountUsd.comparedTo(a.amountUsd)
}
