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
   * Entry orders sent and not filled yet (no position so far): they count as positions and
   * as exposure, for they will be ones. Size and notional at the order's size.
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
