import Decimal from 'decimal.js'
import type { PortfolioContext, PortfolioSource } from '../coordinator'
import type { Broker, BrokerBalance, MarketPriceSource, PositionTracker } from '../execution'

/**
 * The one view of the account the coordinator, the risk engine and the rebalancer share:
 * equity (every balance valued at its quote price), free balances and open positions.
 */
export class AccountPortfolioSource implements PortfolioSource {
  constructor(
    private readonly options: {
      broker: Pick<Broker, 'fetchBalances'>
      prices: MarketPriceSource
      tracker: Pick<PositionTracker, 'openPositions'>
      quoteAsset: string
      /** Taker fee as a fraction (0.0026 for 0.26 %). */
      feeRate: Decimal
    },
  ) {}

  async portfolioContext(): Promise<PortfolioContext> {
    const { broker, tracker, feeRate } = this.options
    const balances = await broker.fetchBalances()
    const freeBalances: Record<string, Decimal> = {}
    for (const [asset, balance] of Object.entries(balances)) freeBalances[asset] = balance.free
    const { equity, unpricedMarkets } = this.valuation(balances)
    const openPositions = tracker.openPositions().map((position) => {
      const price = this.options.prices.latestPrice(position.symbol) ?? position.entryPrice
      return {
        symbol: position.symbol,
        side: position.side,
        size: position.size,
        entryPrice: position.entryPrice,
        notional: position.size.times(price),
      }
    })
    const totalExposure = openPositions.reduce(
      (sum, position) => sum.plus(position.notional),
      new Decimal(0),
    )
    return { equity, unpricedMarkets, freeBalances, openPositions, totalExposure, feeRate }
  }

  /** Values an amount of an asset in the quote asset; null when no price is known. */
  valueInQuote(asset: string, amount: Decimal): Decimal | null {
    if (asset === this.options.quoteAsset) return amount
    if (amount.isZero()) return amount
    const price = this.options.prices.latestPrice(`${asset}/${this.options.quoteAsset}`)
    return price ? amount.times(price) : null
  }

  /**
   * Returns the equity of portfolioContext() for balances already read (the minute's
   * snapshot has them): every balance valued in the quote asset; unpriced assets count as nothing.
   */
  equityOf(balances: Readonly<Record<string, BrokerBalance>>): Decimal {
    return this.valuation(balances).equity
  }

  /**
   * Values balances already read: the equity, and the markets (`XRP/USDT`) of the held assets
   * it leaves out for want of a price.
   */
  valuation(balances: Readonly<Record<string, BrokerBalance>>): {
    equity: Decimal
    unpricedMarkets: string[]
  } {
    let equity = new Decimal(0)
    const unpricedMarkets: string[] = []
    for (const [asset, balance] of Object.entries(balances)) {
      const value = this.valueInQuote(asset, balance.total)
      if (value) equity = equity.plus(value)
      else unpricedMarkets.push(`${asset}/${this.options.quoteAsset}`)
    }
    return { equity, unpricedMarkets }
  }
}
