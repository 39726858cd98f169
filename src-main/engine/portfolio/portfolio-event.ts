import type { PortfolioChange } from '../../../src-shared/contract/portfolio'

/**
 * The `event_type`s the portfolio publishes on `portfolio_updates` (the contract's list, which
 * the UI follows): `rebalance_checked` (a check ended, either action; data: the result
 * summary), `rebalance_trade_executed` (a batch sent and accepted by the executor, seed 001
 * v1.1), `rebalance_trade_failed` (a batch refused by risk or failed to execute; status
 * `pending` when the risk engine's entry gates refused it for now and it is tried again),
 * `rebalance_batches_cancelled`, `hodl_bag_changed` (profit accrual, initial amount).
 */
export type PortfolioEventType = PortfolioChange

/** A portfolio state change; decimals are strings. */
export interface PortfolioEvent {
  readonly type: PortfolioEventType
  readonly correlationId: string | null
  readonly data: Readonly<Record<string, string | number | boolean | null>>
}

/** Where portfolio events go (the bus); publishing never throws. */
export interface PortfolioEventPublisher {
  publish(event: PortfolioEvent): void
}
