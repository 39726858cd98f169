import type { Clock } from '../clock'
import { runSkipped, type TaskRunner } from '../coordinator'
import { isPriceStale, type MarketPriceSource } from '../execution'
import type { PortfolioService } from './portfolio-service'

/** What the task checks the market with before a rebalance check. */
export interface RebalanceTaskOptions {
  /** The markets the holdings are valued in (`BTC/USDT`, `XRP/USDT`). */
  readonly markets: readonly string[]
  readonly prices: Pick<MarketPriceSource, 'updatedAtMs'>
  readonly clock: Clock
  /** A check waits for prices younger than this (`market.snapshot.max_data_age_seconds`). */
  readonly maxPriceAgeMs: number
}

/**
 * The coordinator's `portfolio_rebalance` task (hourly, orchestration.yaml): one unforced
 * rebalance check under the run's correlation id. A check that cannot read the balances
 * rejects, which the coordinator counts as a failure of the agent. While a market's price is
 * older than the limit (a stalled feed) the run is skipped as `STALE_DATA`: a plan valued at
 * such prices would size every batch wrongly, and its orders would be refused anyway. A
 * market without any price yet is left to the check, which plans nothing then.
 */
export function rebalanceTask(
  service: Pick<PortfolioService, 'rebalance'>,
  options: RebalanceTaskOptions,
): TaskRunner {
  return async (_symbol, context) => {
    const now = options.clock.now()
    const stale = options.markets.filter((market) =>
      isPriceStale(options.prices, market, now, options.maxPriceAgeMs),
    )
    if (stale.length > 0) {
      return runSkipped(
        'STALE_DATA',
        `STALE_DATA: stale=${stale.join(',')} max_price_age_ms=${options.maxPriceAgeMs}`,
      )
    }
    await service.rebalance({ correlationId: context.correlationId })
  }
}
