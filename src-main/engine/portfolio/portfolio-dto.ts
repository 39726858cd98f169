import Decimal from 'decimal.js'
import type { Allocation, RebalanceBatch, RebalanceResult } from '../../../src-shared/contract'
import type { PortfolioAllocation } from './allocation'
import type { DecidedTrade } from './execution-strategy'
import { AMOUNT_DECIMALS } from './rebalance-plan'
import type { ScheduledBatch } from './scheduled-batch'

/** Percentages cross the boundary to the hundredth of a point (seed: "within 0.01 %"). */
const PCT_DECIMALS = 2

/** One trade of the contract's rebalance result. */
export type RebalanceTradeDto = RebalanceResult['trades'][number]

/**
 * Returns the contract's allocation DTO: money to the cent, percentages to two decimals,
 * balances and prices exact; an unknown price is written as 0 (and warned about).
 */
export function toAllocationDto(allocation: PortfolioAllocation): Allocation {
  return {
    totalEquity: fixed(allocation.totalEquity, AMOUNT_DECIMALS),
    assets: allocation.assets.map((asset) => ({
      asset: asset.asset,
      balance: asset.balance.toFixed(),
      hodl: asset.hodl.toFixed(),
      inPositions: asset.inPositions.toFixed(),
      available: asset.available.toFixed(),
      price: asset.price === null ? '0' : asset.price.toFixed(),
      value: fixed(asset.value, AMOUNT_DECIMALS),
      pct: fixed(asset.pct, PCT_DECIMALS),
      targetPct: fixed(asset.targetPct, PCT_DECIMALS),
      deviationPct: fixed(asset.deviationPct, PCT_DECIMALS),
    })),
    maxDeviationPct: fixed(allocation.maxDeviationPct, PCT_DECIMALS),
    thresholdPct: fixed(allocation.thresholdPct, PCT_DECIMALS),
    warnings: [...allocation.warnings],
  }
}

/** Returns a decided trade as the contract's rebalance trade. */
export function toRebalanceTradeDto(trade: DecidedTrade): RebalanceTradeDto {
  return {
    symbol: trade.symbol,
    side: trade.side,
    amountUsd: fixed(trade.amountUsd, AMOUNT_DECIMALS),
    executionType: trade.executionType,
    priority: trade.priority,
    batches: trade.batches.length,
  }
}

/** Returns a stored DCA batch as the contract's rebalance batch: money to the cent, numbered from 1. */
export function toRebalanceBatchDto(batch: ScheduledBatch): RebalanceBatch {
  return {
    id: batch.id,
    rebalanceId: batch.rebalanceId,
    symbol: batch.symbol,
    side: batch.side,
    amountUsd: fixed(batch.amountUsd, AMOUNT_DECIMALS),
    executionType: batch.executionType,
    batchNumber: batch.batchIndex + 1,
    batchCount: batch.batchCount,
    dueAt: batch.dueAtMs,
    status: batch.status,
    correlationId: batch.correlationId,
    createdAt: batch.createdAtMs,
  }
}

/** A negative number that rounds to zero, e.g. `-0.00`: toFixed keeps the sign of the unrounded value. */
const NEGATIVE_ZERO = /^-0(\.0*)?$/

/** Rounds half up to `decimals` in plain notation, never writing a negative zero. */
export function fixed(value: Decimal, decimals: number): string {
  // One rounding pass: this runs for every figure of every minute's snapshot.
  const text = value.toFixed(decimals, Decimal.ROUND_HALF_UP)
  return NEGATIVE_ZERO.test(text) ? text.slice(1) : text
}
