import Decimal from 'decimal.js'

const ZERO = new Decimal(0)
const ONE = new Decimal(1)
const HUNDRED = new Decimal(100)

/** What an allocation is computed from. */
export interface AllocationInput {
  /** Total balance per asset (free and reserved), e.g. `{ BTC: 0.05, USDT: 1275 }`. */
  readonly balances: Readonly<Record<string, Decimal>>
  /** Price of each asset in the quote asset; null, absent or not positive when unknown. The quote asset is 1. */
  readonly prices: Readonly<Record<string, Decimal | null | undefined>>
  /** Hodl bag per asset, excluded from the allocation. */
  readonly hodlBags: Readonly<Record<string, Decimal>>
  /**
   * Coins per asset that open spot long positions bought and hold, excluded from the
   * allocation: rebalancing must not sell a trade's coins (nor count them as overweight).
   */
  readonly heldByPositions: Readonly<Record<string, Decimal>>
  /** Asset → target percentage; the assets rebalanced, in display order. */
  readonly targets: Readonly<Record<string, Decimal>>
  readonly quoteAsset: string
  readonly thresholdPct: Decimal
}

/** What the account's equity is computed from: the allocation's input without what it sets aside. */
export type EquityInput = Pick<AllocationInput, 'balances' | 'prices' | 'targets' | 'quoteAsset'>

/**
 * The whole balances of the target assets valued in the quote asset, hodl bags and the coins
 * of open positions included; an asset without a price counts 0 (the allocation warns about
 * it). The allocation's `accountEquity`, without the rest of the allocation.
 */
export function accountEquityOf(input: EquityInput): Decimal {
  let equity = ZERO
  for (const asset of Object.keys(input.targets)) {
    const price = valuationPrice(asset, input)
    const balance = input.balances[asset]
    if (price !== null && balance !== undefined) equity = equity.plus(balance.times(price))
  }
  return equity
}

/** The quote asset is 1; a price of 0 or less is no price (valuing at 0 would plan sells of the others). */
function valuationPrice(asset: string, input: EquityInput): Decimal | null {
  if (asset === input.quoteAsset) return ONE
  const quoted = input.prices[asset] ?? null
  return quoted?.gt(ZERO) ? quoted : null
}

/**
 * One asset's place in the allocation; percentages are of the equity net of hodl bags and of
 * the coins open positions hold.
 */
export interface AssetAllocation {
  readonly asset: string
  /** Total balance held. */
  readonly balance: Decimal
  /** The hodl bag counted against the balance (at most the balance). */
  readonly hodl: Decimal
  /** The coins open positions hold, counted against what the hodl bag leaves. */
  readonly inPositions: Decimal
  /** Balance minus hodl minus the positions' coins: what rebalancing may trade. */
  readonly available: Decimal
  /** Price in the quote asset, or null when unknown (the asset is then valued at 0). */
  readonly price: Decimal | null
  /** available × price, in the quote asset. */
  readonly value: Decimal
  readonly pct: Decimal
  readonly targetPct: Decimal
  /** pct − targetPct, in percentage points (positive: overweight). */
  readonly deviationPct: Decimal
}

/** The portfolio's allocation against its targets, hodl bags (seed 003 §3.3) and positions excluded. */
export interface PortfolioAllocation {
  readonly quoteAsset: string
  /** Value of the available balances: the equity rebalancing works on. */
  readonly totalEquity: Decimal
  /** Value of every target asset's whole balance, hodl bags included. */
  readonly accountEquity: Decimal
  readonly assets: readonly AssetAllocation[]
  /** The largest absolute deviation, in percentage points. */
  readonly maxDeviationPct: Decimal
  readonly thresholdPct: Decimal
  /** True when the equity is zero: the allocation then shows the targets (seed 001 v1.4). */
  readonly isZeroEquity: boolean
  /** Assets held whose price is unknown; no trades are planned while any is. */
  readonly missingPrices: readonly string[]
  /** What is legal but probably a mistake, in words. */
  readonly warnings: readonly string[]
}

/**
 * Computes the allocation with exact decimal arithmetic: each target asset's available
 * balance (balance − hodl bag − coins held by open positions) valued at its price, its share of the total, its deviation
 * from target and the largest deviation. Zero equity returns the targets themselves, so a
 * new or empty account never looks out of balance. Warns when the targets do not sum to
 * 100, when a hodl bag exceeds its balance (the whole balance then counts as hodl), when a
 * held asset has no price, and when a held asset has no target.
 */
export function computeAllocation(input: AllocationInput): PortfolioAllocation {
  const warnings: string[] = []
  const missingPrices: string[] = []

  const targetSum = Object.values(input.targets).reduce((sum, pct) => sum.plus(pct), ZERO)
  if (!targetSum.equals(HUNDRED)) {
    warnings.push(`target_allocation sums to ${targetSum.toFixed()} %, not 100 %`)
  }

  const rows = Object.entries(input.targets).map(([asset, targetPct]) => {
    const balance = input.balances[asset] ?? ZERO
    const bag = input.hodlBags[asset] ?? ZERO
    let hodl = bag
    if (bag.gt(balance)) {
      warnings.push(
        `hodl bag of ${asset} (${bag.toFixed()}) exceeds its balance (${balance.toFixed()}); the whole balance counts as hodl`,
      )
      hodl = balance
    }
    // Coins a position bought but the account no longer holds are the reconciliation's to report.
    const outsideHodl = balance.minus(hodl)
    const inPositions = Decimal.min(input.heldByPositions[asset] ?? ZERO, outsideHodl)
    const available = outsideHodl.minus(inPositions)
    const price = valuationPrice(asset, input)
    if (price === null && balance.gt(ZERO)) {
      missingPrices.push(asset)
      warnings.push(`no price for ${asset}/${input.quoteAsset}; ${asset} is valued at 0`)
    }
    const value = price === null ? ZERO : available.times(price)
    return { asset, balance, hodl, inPositions, available, price, value, targetPct }
  })

  for (const [asset, balance] of Object.entries(input.balances)) {
    if (!(asset in input.targets) && balance.gt(ZERO)) {
      warnings.push(
        `${asset} has a balance of ${balance.toFixed()} but no target; it is not rebalanced`,
      )
    }
  }

  const totalEquity = rows.reduce((sum, row) => sum.plus(row.value), ZERO)
  const accountEquity = accountEquityOf(input)
  const isZeroEquity = !totalEquity.gt(ZERO)

  let maxDeviationPct = ZERO
  const assets = rows.map((row): AssetAllocation => {
    // With nothing to allocate, the targets are the allocation (no false rebalance).
    const pct = isZeroEquity ? row.targetPct : row.value.div(totalEquity).times(HUNDRED)
    const deviationPct = pct.minus(row.targetPct)
    const distance = deviationPct.abs()
    if (distance.gt(maxDeviationPct)) maxDeviationPct = distance
    return {
      asset: row.asset,
      balance: row.balance,
      hodl: row.hodl,
      inPositions: row.inPositions,
      available: row.available,
      price: row.price,
      value: row.value,
      pct,
      targetPct: row.targetPct,
      deviationPct,
    }
  })

  return {
    quoteAsset: input.quoteAsset,
    totalEquity,
    accountEquity,
    assets,
    maxDeviationPct,
    thresholdPct: input.thresholdPct,
    isZeroEquity,
    missingPrices,
    warnings,
  }
}
