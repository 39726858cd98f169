import type Decimal from 'decimal.js'
import { z } from 'zod'
import { splitIntoBatches } from './dca-batches'
import type { DcaSettings } from './portfolio-settings'
import { sellsFirstLargestFirst, type PlannedTrade, type TradeSide } from './rebalance-plan'

/** How an order is placed. */
export type ExecutionType = 'market' | 'limit'

/** How a rebalance's trades are executed; the amounts themselves are never the model's. */
export interface ExecutionStrategy {
  readonly executionType: ExecutionType
  /**
   * Symbols in the order they trade. Sells always go before buys (they fund them); the
   * order applies within the sells and within the buys. Symbols left out follow, largest
   * trade first.
   */
  readonly tradeOrder: readonly string[]
  /** Whether trades above the DCA threshold are split into batches (only when DCA is enabled). */
  readonly splitLargeTrades: boolean
}

/**
 * What the model must answer (validated with zod; unknown keys are ignored). The names
 * follow the LLM layer's rules answer for portfolio strategy, so that answer parses too.
 */
export const strategyAnswerSchema = z.object({
  execution_strategy: z.enum(['limit', 'market']),
  /** Symbols in the order to trade them, e.g. ["BTC/USDT", "XRP/USDT"]. */
  trade_order: z.array(z.string()).max(100).optional(),
  /** Split trades above the DCA threshold into batches over time. */
  split_large_trades: z.boolean().optional(),
  reasoning: z.string().max(4000),
  /** True when the answer is itself a default (the rules provider says so). */
  used_fallback_strategy: z.boolean().optional(),
})

export type StrategyAnswer = z.output<typeof strategyAnswerSchema>

/** A planned trade with its place in the execution order and its batches. */
export interface DecidedTrade extends PlannedTrade {
  readonly executionType: ExecutionType
  /** 1 for the first trade to execute. */
  readonly priority: number
  /** Amounts of the batches, summing exactly to `amountUsd`; one batch when not split. */
  readonly batches: readonly Decimal[]
}

/** Returns the strategy used when no model gives one: configured type, sells first, DCA as configured. */
export function defaultStrategy(executionType: ExecutionType, dca: DcaSettings): ExecutionStrategy {
  return { executionType, tradeOrder: [], splitLargeTrades: dca.isEnabled }
}

/**
 * Applies a strategy to the planned trades: orders them (sells before buys, then the
 * strategy's order, then largest first), numbers their priority, and splits trades above
 * the DCA threshold into batches when DCA is enabled and the strategy splits.
 */
export function applyStrategy(
  trades: readonly PlannedTrade[],
  strategy: ExecutionStrategy,
  dca: DcaSettings,
): DecidedTrade[] {
  const rank = new Map(strategy.tradeOrder.map((symbol, index) => [symbol, index]))
  const ordered = [...trades].sort((a, b) => {
    if (a.side !== b.side) return sideRank(a.side) - sideRank(b.side)
    const rankA = rank.get(a.symbol) ?? Number.MAX_SAFE_INTEGER
    const rankB = rank.get(b.symbol) ?? Number.MAX_SAFE_INTEGER
    if (rankA !== rankB) return rankA - rankB
    return sellsFirstLargestFirst(a, b)
  })
  const isSplitting = dca.isEnabled && strategy.splitLargeTrades
  return ordered.map((trade, index) => ({
    ...trade,
    executionType: strategy.executionType,
    priority: index + 1,
    batches:
      isSplitting && trade.amountUsd.gt(dca.thresholdUsd)
        ? splitIntoBatches(trade.amountUsd, {
            maxBatches: dca.batches,
            minTradeUsd: trade.minimumUsd,
          })
        : [trade.amountUsd],
  }))
}

function sideRank(side: TradeSide): number {
  return side === 'sell' ? 0 : 1
}
