import Decimal from 'decimal.js'
import type { EngineParts } from '../engine-parts'
import { text } from '../services/dto-mappers'

/**
 * Records the equity curve (portfolio_snapshots), gives the risk engine the account equity
 * (its peak and the drawdown breaker watch the account between trades, not only when a trade
 * is checked) and tells the UI, when one listens, the new equity and today's P&L (realized
 * from the risk state plus unrealized of open positions) — once a minute, while every held
 * asset of a followed market has a price.
 */
export class PortfolioSnapshotRecorder {
  constructor(private readonly parts: EngineParts) {}

  async record(): Promise<void> {
    const { positions, portfolio, risk, events, clock, broker, account } = this.parts
    // One balance read serves the stored snapshot and the equity shown: both describe one moment.
    const balances = await broker.fetchBalances()
    const { equity, marginPnl, unpricedMarkets } = account.valuation(balances)
    // A held asset whose market's first price has not come yet (just after a restart) would
    // read as a loss that did not happen: in the equity curve (and a replay report's drawdown),
    // the drawdown breaker's peak and the equity shown. Nothing is recorded this minute.
    if (unpricedMarkets.length > 0) return
    let unrealized = new Decimal(0)
    for (const position of positions.openPositions())
      unrealized = unrealized.plus(positions.unrealized(position).pnl)
    const realized = risk.state().daily.realizedPnl
    await portfolio.service.recordSnapshot({
      realizedPnl: realized,
      unrealizedPnl: unrealized,
      balances,
      marginPnl,
    })
    await risk.updateEquity(equity)
    // The equity shown is a live value, not kept for the feed: with no one listening (a
    // headless replay) no event is built.
    if (events.size() === 0) return
    events.emit({
      type: 'equity.updated',
      at: clock.now(),
      equity: text(equity),
      dailyPnl: text(realized.plus(unrealized)),
    })
  }
}
