import Decimal from 'decimal.js'
import {
  computeAllocation,
  type AllocationInput,
  type PortfolioAllocation,
} from '../../../src-main/engine/portfolio'

const d = (value: string | number) => new Decimal(value)

/** BTC price of the seed's worked example: 0.0345 BTC are worth $1,535 (seed 003 §3.3). */
export const SEED_BTC_PRICE = d(1535).div('0.0345')

/** The targets of config/portfolio.yaml (seed 001): 33.33 / 33.33 / 33.34. */
export const CONFIG_TARGETS = { BTC: d('33.33'), XRP: d('33.33'), USDT: d('33.34') }

/**
 * Builds allocation inputs; the default is the seed's worked example: 0.0345 BTC
 * ($1,535), 2,150 XRP at $0.60 ($1,290) and 1,275 USDT, total $4,100, with the config
 * targets and a 5 % threshold.
 */
export class AllocationBuilder {
  private balances: Record<string, Decimal> = {
    BTC: d('0.0345'),
    XRP: d('2150'),
    USDT: d('1275'),
  }
  private prices: Record<string, Decimal | null> = { BTC: SEED_BTC_PRICE, XRP: d('0.6') }
  private hodlBags: Record<string, Decimal> = {}
  private heldByPositions: Record<string, Decimal> = {}
  private targets: Record<string, Decimal> = { ...CONFIG_TARGETS }
  private threshold = d(5)

  balance(asset: string, amount: string): this {
    this.balances[asset] = d(amount)
    return this
  }

  noBalances(): this {
    this.balances = {}
    return this
  }

  price(asset: string, price: Decimal | string | null): this {
    this.prices[asset] = price === null ? null : d(price.toString())
    return this
  }

  hodl(asset: string, amount: string): this {
    this.hodlBags[asset] = d(amount)
    return this
  }

  /** Coins of `asset` that open spot long positions hold. */
  inPositions(asset: string, amount: string): this {
    this.heldByPositions[asset] = d(amount)
    return this
  }

  target(asset: string, pct: Decimal | string): this {
    this.targets[asset] = d(pct.toString())
    return this
  }

  targetsOf(targets: Record<string, string>): this {
    this.targets = Object.fromEntries(
      Object.entries(targets).map(([asset, pct]) => [asset, d(pct)]),
    )
    return this
  }

  thresholdPct(pct: string): this {
    this.threshold = d(pct)
    return this
  }

  input(): AllocationInput {
    return {
      balances: { ...this.balances },
      prices: { ...this.prices },
      hodlBags: { ...this.hodlBags },
      heldByPositions: { ...this.heldByPositions },
      targets: { ...this.targets },
      quoteAsset: 'USDT',
      thresholdPct: this.threshold,
    }
  }

  build(): PortfolioAllocation {
    return computeAllocation(this.input())
  }
}

export const anAllocation = (): AllocationBuilder => new AllocationBuilder()

/** Returns an asset's row; fails when it is missing. */
export function assetOf(allocation: PortfolioAllocation, asset: string) {
  const row = allocation.assets.find((candidate) => candidate.asset === asset)
  if (!row) throw new Error(`no allocation row for ${asset}`)
  return row
}
