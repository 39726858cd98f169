import type Decimal from 'decimal.js'
import type { PortfolioContext, RegimeContext, RiskValidation, TradeProposal } from '../risk'
import type { ExecutionType } from './execution-strategy'
import type { TradeSide } from './rebalance-plan'

/*
 * The ports through which the portfolio reaches the exchange, market data, the risk engine,
 * execution and the LLM layer. They are shaped so that the real parts fit them directly or
 * through a few lines of adapter: the broker's `fetchBalances`, the market price source's
 * `latestPrice`, `RiskEngine.validate`, the order manager's `execute`, the LLM router.
 */

/** Holdings of one asset; the broker's balance fits. */
export interface AssetBalance {
  /** Free and reserved together: what the account owns. */
  readonly total: Decimal
  /** Available for new orders. */
  readonly free: Decimal
}

/** Where balances come from (the broker: exchange or paper account). */
export interface BalanceSource {
  /** Returns the balances per asset code (BTC, XRP, USDT…). */
  fetchBalances(): Promise<Readonly<Record<string, AssetBalance>>>
}

/** Coins per asset that open spot long positions hold (see `spotLongHoldings`): never rebalanced. */
export type PositionHoldings = () => Readonly<Record<string, Decimal>>

/** Where prices come from (the market price source). */
export interface PriceSource {
  /** Returns the latest price of a symbol (BTC/USDT), or null when none is known yet. */
  latestPrice(symbol: string): Decimal | null
}

/** The risk check every rebalance trade passes; `RiskEngine` fits. */
export interface RiskGate {
  validate(
    proposal: TradeProposal,
    context: PortfolioContext,
    regime: RegimeContext | null,
  ): RiskValidation
}

/** A risk-approved rebalance trade to send; shaped like the order manager's execution request. */
export interface RebalanceExecutionRequest {
  /** Unique per batch: an adapter can derive an idempotent client order id from it. */
  readonly requestId: string
  readonly symbol: string
  readonly side: TradeSide
  /** Base-asset quantity, rounded down to 8 decimals. */
  readonly size: Decimal
  /** The quote amount the size was computed from. */
  readonly amountUsd: Decimal
  readonly orderType: ExecutionType
  /** The price the size was computed at; the limit price of a limit order. */
  readonly limitPrice?: Decimal
  /** Spot: rebalance trades never use leverage. */
  readonly leverage: 1
  readonly correlationId: string
  /** The order manager's request role for plain spot trades. */
  readonly role: 'rebalance'
}

/** What came of a request; a refusal is `success: false` with an error, never an exception. */
export interface TradeExecutionOutcome {
  readonly success: boolean
  readonly orderId?: string
  readonly error?: string
}

/** The smallest order an exchange accepts in a market: base units and quote cost. */
export interface OrderMinimum {
  readonly minSize: Decimal
  readonly minCost: Decimal
}

/** The exchange's order rules per market (the broker). */
export interface MarketRulesSource {
  /** The market's minimums, or null when the exchange does not say. */
  marketRules(symbol: string): OrderMinimum | null
}

/** A rebalance order sent and not yet filled, cancelled or expired. */
export interface OpenRebalanceOrder {
  readonly orderId: string
  readonly symbol: string
  readonly side: TradeSide
}

/** Sends rebalance trades (the order manager, through an adapter). */
export interface TradeExecutor {
  execute(request: RebalanceExecutionRequest): Promise<TradeExecutionOutcome>
  /** The rebalance orders still open (a limit order resting on the book), oldest first. */
  openOrders(): readonly OpenRebalanceOrder[]
  /** Cancels an open rebalance order; a refusal (it filled meanwhile) is an outcome, not a throw. */
  cancel(orderId: string): Promise<TradeExecutionOutcome>
}

/** What the Portfolio Rebalance agent asks its model. */
export interface StrategyPrompt {
  readonly system: string
  readonly user: string
  /** The JSON Schema of the expected answer, for providers that constrain output. */
  readonly schemaName: string
  readonly jsonSchema: Readonly<Record<string, unknown>>
  readonly correlationId: string
  /** Aborted when the agent stops waiting. */
  readonly signal: AbortSignal
}

/** The model's raw answer, or why there is none. */
export type StrategyAdvice =
  | { readonly ok: true; readonly text: string; readonly model?: string }
  | { readonly ok: false; readonly error: string }

/** A small LLM port: the LLM router (agents.yaml route `portfolio_rebalance`) behind an adapter. */
export interface StrategyAdvisor {
  advise(prompt: StrategyPrompt): Promise<StrategyAdvice>
}
