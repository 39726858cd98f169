import Decimal from 'decimal.js'
import type {
  AssetBalance,
  BalanceSource,
  MarketRulesSource,
  OrderMinimum,
  PriceSource,
} from '../../../src-main/engine/portfolio'

/**
 * An account and its market for portfolio tests: balances per asset (free = total unless
 * set), prices per symbol, order minimums per symbol (none unless set), and fills that move
 * balances the way a spot trade does.
 */
export class FakeMarket implements BalanceSource, PriceSource, MarketRulesSource {
  private readonly minimums = new Map<string, OrderMinimum>()
  private readonly totals = new Map<string, Decimal>()
  private readonly reserved = new Map<string, Decimal>()
  private readonly prices = new Map<string, Decimal>()
  /** When set, fetchBalances rejects with it. */
  failure: Error | null = null
  fetchCount = 0

  constructor(private readonly quoteAsset = 'USDT') {}

  balance(asset: string, total: string, reserved = '0'): this {
    this.totals.set(asset, new Decimal(total))
    this.reserved.set(asset, new Decimal(reserved))
    return this
  }

  price(symbol: string, price: Decimal | string | null): this {
    if (price === null) this.prices.delete(symbol)
    else this.prices.set(symbol, new Decimal(price))
    return this
  }

  /** The exchange's smallest order in `symbol`: `minSize` base units and `minCost` quote. */
  minimum(symbol: string, minSize: string, minCost = '0'): this {
    this.minimums.set(symbol, { minSize: new Decimal(minSize), minCost: new Decimal(minCost) })
    return this
  }

  marketRules(symbol: string): OrderMinimum | null {
    return this.minimums.get(symbol) ?? null
  }

  total(asset: string): Decimal {
    return this.totals.get(asset) ?? new Decimal(0)
  }

  async fetchBalances(): Promise<Record<string, AssetBalance>> {
    this.fetchCount++
    if (this.failure) throw this.failure
    const balances: Record<string, AssetBalance> = {}
    for (const [asset, total] of this.totals) {
      balances[asset] = { total, free: total.minus(this.reserved.get(asset) ?? 0) }
    }
    return balances
  }

  latestPrice(symbol: string): Decimal | null {
    return this.prices.get(symbol) ?? null
  }

  /** Applies a spot fill of `size` base units at `price`: a buy spends quote, a sell earns it. */
  fill(symbol: string, side: 'buy' | 'sell', size: Decimal, price: Decimal): void {
    const base = symbol.slice(0, symbol.indexOf('/'))
    const quote = this.quoteAsset
    const sign = side === 'buy' ? 1 : -1
    this.totals.set(base, this.total(base).plus(size.times(sign)))
    this.totals.set(quote, this.total(quote).minus(size.times(price).times(sign)))
  }
}
