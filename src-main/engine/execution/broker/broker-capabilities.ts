import type { OrderType } from '../order-types'

/**
 * A venue's quirks, declared in one place (after freqtrade's `_ft_has`) instead of
 * scattered `if (venue === …)` checks.
 */
export interface BrokerCapabilities {
  /** Order types the venue accepts. */
  readonly orderTypes: readonly OrderType[]
  /** Highest leverage the venue offers (the engine's own limit is 5). */
  readonly maxLeverage: number
  /**
   * Whether open stop-loss / take-profit orders reserve the funds they would sell. When true,
   * a spot (leverage 1) position cannot carry both protective orders at once: only the
   * stop-loss is placed and the take-profit is watched by the position tracker.
   */
  readonly triggerOrdersHoldFunds: boolean
  /** Whether a sell without holdings (a short) is possible without leverage. */
  readonly canShortSpot: boolean
  /** Whether an order can be looked up by our client id (required for crash recovery). */
  readonly canFindByClientId: boolean
  /** How long the exchange keeps closed orders visible to queries, in days. */
  readonly closedOrderRetentionDays: number
}
