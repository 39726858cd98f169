/** The `event_type`s the portfolio publishes on `portfolio_updates`. */
export type PortfolioEventType =
  /** A rebalance check ended (either action); data: the result summary. */
  | 'rebalance_checked'
  /** A rebalance batch was sent and accepted by the executor (seed 001 v1.1). */
  | 'rebalance_trade_executed'
  /** A rebalance batch was refused by risk or failed to execute. */
  | 'rebalance_trade_failed'
  /** Pending batches were cancelled. */
  | 'rebalance_batches_cancelled'
  /** A hodl bag changed (profit accrual, initial amount). */
  | 'hodl_bag_changed'

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
