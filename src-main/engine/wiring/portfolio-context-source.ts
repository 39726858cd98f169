import Decimal from 'decimal.js'
import type { PortfolioContext, PortfolioSource } from '../coordinator'
import type {
  Broker,
  BrokerBalance,
  MarketPriceSource,
  OrderManager,
  PositionTracker,
} from '../execution'
import { unfilledOf } from '../execution'
import { withoutHodlBags } from '../portfolio/hodl-bag-exclusion'
import type { OpenPosition } from '../risk'

/**
 * The one view of the account the coordinator, the risk engine and the rebalancer share:
 * equity (every balance valued at its quote price, plus the P&L of open margin positions that
 * the balances do not hold yet), free balances outside the hodl bags, open positions and the
 * unfilled rest of the entry orders in flight, which will become (or grow) positions.
 */
export class AccountPortfolioSource implements PortfolioSource {
  constructor(
    private readonly options: {
      broker: Pick<Broker, 'fetchBalances'>
      prices: MarketPriceSource
      tracker: Pick<PositionTracker, 'openPositions' | 'unsettledMarginPnl'>
      orders: Pick<OrderManager, 'unfilledEntries'>
      quoteAsset: string
      /** Taker fee as a fraction (0.0026 for 0.26 %). */
      feeRate: Decimal
      /**
       * The markets the engine follows: only their prices will come, so only a held asset of
       * one of them is "not priced yet". Every market counts when omitted.
       */
      followedMarkets?: readonly string[]
      /** The hodl bags, locked: no trade may sell or spend them. None when omitted. */
      hodlBags?: { amounts(): Promise<Readonly<Record<string, Decimal>>> }
    },
  ) {}

  async portfolioContext(): Promise<PortfolioContext> {
    const { broker, tracker, feeRate, hodlBags } = this.options
    const [balances, bags] = await Promise.all([broker.fetchBalances(), hodlBags?.amounts() ?? {}])
    const freeBalances: Record<string, Decimal> = {}
    for (const [asset, balance] of Object.entries(balances)) freeBalances[asset] = balance.free
    const { equity, unpricedMarkets } = this.valuation(balances)
    const openPositions = tracker
      .openPositions()
      .map((position) =>
        this.marked(position.symbol, position.side, position.size, position.entryPrice),
      )
    // Each entry's unfilled rest, partly filled ones included: their filled part is counted
    // through the position, the rest would otherwise escape the exposure limits.
    const pendingEntries = this.options.orders.unfilledEntries().map((order) => {
      const side = order.side === 'buy' ? 'long' : 'short'
      const entryPrice = order.price ?? this.options.prices.latestPrice(order.symbol)
      const unfilled = unfilledOf(order)
      if (entryPrice === null) return null
      const rest = this.marked(order.symbol, side, unfilled, entryPrice)
      return order.filledSize.gt(0) ? { ...rest, isRestOfOpenPosition: true } : rest
    })
    const pending = pendingEntries.filter((entry) => entry !== null)
    const totalExposure = [...openPositions, ...pending].reduce(
      (sum, position) => sum.plus(position.notional),
      new Decimal(0),
    )
    const context = {
      equity,
      unpricedMarkets,
      freeBalances,
      openPositions,
      pendingEntries: pending,
      totalExposure,
      feeRate,
    }
    return withoutHodlBags(context, bags)
  }

  /** A position (or an entry that will be one) valued at the latest price, else its entry. */
  private marked(
    symbol: string,
    side: OpenPosition['side'],
    size: Decimal,
    entryPrice: Decimal,
  ): OpenPosition {
    const price = this.options.prices.latestPrice(symbol) ?? entryPrice
    return { symbol, side, size, entryPrice, notional: size.times(price) }
  }

  /** Values an amount of an asset in the quote asset; null when no price is known. */
  valueInQuote(asset: string, amount: Decimal): Decimal | null {
    if (asset === this.options.quoteAsset) return amount
    if (amount.isZero()) return amount
    const price = this.options.prices.latestPrice(`${asset}/${this.options.quoteAsset}`)
    return price ? amount.times(price) : null
  }

  /**
   * Values balances already read (the minute's snapshot has them) as portfolioContext() does:
   * the equity — every balance valued in the quote asset plus `marginPnl`, the P&L of the open
   * margin positions that the exchange settles into the balances only as they are reduced —
   * and the followed markets (`XRP/USDT`) of the held assets it leaves out because their first
   * price has not come yet. Assets of markets not followed count as nothing, and are not
   * waited for.
   */
  valuation(balances: Readonly<Record<string, BrokerBalance>>): {
    equity: Decimal
    marginPnl: Decimal
    unpricedMarkets: string[]
  } {
    const marginPnl = this.options.tracker.unsettledMarginPnl()
    let equity = marginPnl
    const unpricedMarkets: string[] = []
    for (const [asset, balance] of Object.entries(balances)) {
      const value = this.valueInQuote(asset, balance.total)
      const market = `${asset}/${this.options.quoteAsset}`
      if (value) equity = equity.plus(value)
      else if (this.options.followedMarkets?.includes(market) ?? true) unpricedMarkets.push(market)
    }
    return { equity, marginPnl, unpricedMarkets }
  }
}
