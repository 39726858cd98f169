import type Decimal from 'decimal.js'
import type { PositionSide } from './trade-proposal'

/** An open position as the portfolio sees it when a proposal is validated. */
export interface OpenPosition {
  readonly symbol: string
  readonly side: PositionSide
  /** Quantity of the base asset. */
  readonly size: Decimal
  readonly entryPrice: Decimal
  /** Current value of the position in the quote asset (size × mark price). */
  readonly notional: Decimal
  /**
   * On a pending entry: it is the unfilled rest of an entry whose position is open already
   * (part filled), so it counts as exposure but not as one more position.
   */
  readonly isRestOfOpenPosition?: boolean
}

/** The portfolio facts the risk engine needs to judge one proposal. */
export interface PortfolioContext {
  /** Total account equity in the quote asset (USDT), unrealised P&L included. */
  readonly equity: Decimal
  /**
   * Markets (`XRP/USDT`) of held assets the equity leaves out for want of a price (just
   * after a restart): the equity is then understated and does not feed the drawdown peak.
   */
  readonly unpricedMarkets?: readonly string[]
  /** Free (unlocked) balance per asset, keyed by asset code: `{ USDT: …, BTC: … }`. */
  readonly freeBalances: Readonly<Record<string, Decimal>>
  readonly openPositions: readonly OpenPosition[]
  /**
   * The unfilled rest of the entry orders sent: it counts as exposure, for it will be filled,
   * and an entry with no fill yet counts as a position too. Size and notional at that rest.
   */
  readonly pendingEntries?: readonly OpenPosition[]
  /**
   * Total exposure in the quote asset when the portfolio knows better than the sum of the
   * open positions' notionals (which is used when this is omitted).
   */
  readonly totalExposure?: Decimal | null
  /** Fee as a fraction of notional (0.0026 for 0.26 %); the configured fee when omitted. */
  readonly feeRate?: Decimal | null
}
