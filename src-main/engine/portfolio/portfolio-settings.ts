import Decimal from 'decimal.js'
import type { AgentsConfig } from '../config/schemas/agents'
import type { PortfolioConfig } from '../config/schemas/portfolio'

/** How large trades are split into batches over time (seed 001 v1.2). */
export interface DcaSettings {
  readonly isEnabled: boolean
  /** Trades above this amount (quote asset) are split. */
  readonly thresholdUsd: Decimal
  /** Batches a split trade is cut into at most. */
  readonly batches: number
  /** Time between two batches of one trade. */
  readonly intervalMs: number
}

/** Hodl bags: locked amounts never sold by rebalancing, and the profit share they receive. */
export interface HodlSettings {
  /** When false no profit is accrued; bags already held stay excluded from rebalancing. */
  readonly isEnabled: boolean
  /** Share of realized profit moved into the hodl bag of the profit's currency, in percent. */
  readonly allocationPct: Decimal
  /** Amounts locked at first start for assets that have no bag yet. */
  readonly initialAmounts: Readonly<Record<string, Decimal>>
}

/** portfolio.yaml as the portfolio part uses it: decimals for money and percentages. */
export interface PortfolioSettings {
  /** The asset every symbol is quoted in and prices are expressed in (USDT). */
  readonly quoteAsset: string
  /** Asset → target percentage of equity, in the configured order. */
  readonly targets: Readonly<Record<string, Decimal>>
  /** A rebalance is due when the largest deviation exceeds this many percentage points. */
  readonly thresholdPct: Decimal
  /** Trades smaller than this (quote asset) are skipped; batches never fall below it. */
  readonly minTradeUsd: Decimal
  /** The execution type of the default strategy. */
  readonly executionType: 'market' | 'limit'
  readonly dca: DcaSettings
  readonly hodl: HodlSettings
}

/** The Portfolio Rebalance agent's route settings (agents.yaml `agents.portfolio_rebalance`). */
export interface RebalanceAgentSettings {
  /** When false the model is not asked and the default strategy is used. */
  readonly isEnabled: boolean
  /** The longest the agent waits for a strategy before using the default. */
  readonly timeoutMs: number
}

const HOUR_MS = 3_600_000

/** Returns the portfolio settings of a validated portfolio.yaml. */
export function portfolioSettings(config: PortfolioConfig): PortfolioSettings {
  const portfolio = config.portfolio
  const rebalancing = portfolio.rebalancing
  return {
    quoteAsset: portfolio.quote_asset,
    targets: mapValues(portfolio.target_allocation, (pct) => new Decimal(pct)),
    thresholdPct: new Decimal(rebalancing.threshold_pct),
    minTradeUsd: new Decimal(rebalancing.min_trade_usd),
    executionType: rebalancing.execution_type,
    dca: {
      isEnabled: rebalancing.dca.enabled,
      thresholdUsd: new Decimal(rebalancing.dca.threshold_usd),
      batches: rebalancing.dca.batches,
      intervalMs: rebalancing.dca.interval_hours * HOUR_MS,
    },
    hodl: {
      isEnabled: portfolio.hodl_bags.enabled,
      allocationPct: new Decimal(portfolio.hodl_bags.allocation_pct),
      initialAmounts: mapValues(portfolio.hodl_bags.amounts, (amount) => new Decimal(amount)),
    },
  }
}

/** Returns the agent settings of a validated agents.yaml. */
export function rebalanceAgentSettings(config: AgentsConfig): RebalanceAgentSettings {
  const route = config.agents.portfolio_rebalance
  return { isEnabled: route.enabled, timeoutMs: route.timeout_ms }
}

function mapValues<T, U>(
  record: Readonly<Record<string, T>>,
  map: (value: T) => U,
): Record<string, U> {
  const result: Record<string, U> = {}
  for (const [key, value] of Object.entries(record)) result[key] = map(value)
  return result
}

/** The markets the target assets are valued in: `BTC/USDT`, `XRP/USDT` (not the quote asset). */
export function targetMarkets(config: PortfolioConfig): string[] {
  const portfolio = config.portfolio
  return Object.keys(portfolio.target_allocation)
    .filter((asset) => asset !== portfolio.quote_asset)
    .map((asset) => `${asset}/${portfolio.quote_asset}`)
}
