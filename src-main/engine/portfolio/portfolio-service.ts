import { randomUUID } from 'node:crypto'
import Decimal from 'decimal.js'
import type { Allocation, EquityPoint, RebalanceResult } from '../../../src-shared/contract'
import type { Clock } from '../clock'
import { minimumOrderCost } from '../execution'
import type { Logger } from '../logging/logger'
import type { PortfolioSnapshotRepository } from '../store/repositories/portfolio-snapshot-repository'
import type { RebalancingHistoryRepository } from '../store/repositories/rebalancing-history-repository'
import {
  accountEquityOf,
  computeAllocation,
  type EquityInput,
  type PortfolioAllocation,
} from './allocation'
import type { DcaScheduler } from './dca-scheduler'
import { applyStrategy, type DecidedTrade } from './execution-strategy'
import type { HodlBagBook } from './hodl-bag-book'
import type { PortfolioRebalanceAgent, StrategyDecision } from './portfolio-rebalance-agent'
import { fixed, toAllocationDto, toRebalanceTradeDto } from './portfolio-dto'
import type { PortfolioEventPublisher } from './portfolio-event'
import type { PortfolioSettings } from './portfolio-settings'
import type {
  AssetBalance,
  BalanceSource,
  MarketRulesSource,
  PositionHoldings,
  PriceSource,
  TradeExecutor,
} from './ports'
import { AMOUNT_DECIMALS, planRebalance } from './rebalance-plan'
import type { RebalanceRecord } from './rebalance-record'
import type { NewScheduledBatch, ScheduledBatch } from './scheduled-batch'

const ZERO = new Decimal(0)
/** The equity curve never returns more points than this. */
export const MAX_EQUITY_POINTS = 5000

export interface PortfolioServiceOptions {
  readonly settings: PortfolioSettings
  readonly balances: BalanceSource
  readonly prices: PriceSource
  /** The exchange's minimum order per market: a trade it would refuse is not planned. */
  readonly markets: MarketRulesSource
  readonly hodlBags: HodlBagBook
  /** Coins per asset that open spot long positions hold (not rebalanced; see AllocationInput). */
  readonly heldByPositions: PositionHoldings
  readonly agent: PortfolioRebalanceAgent
  readonly scheduler: DcaScheduler
  /** Where the batches' orders went: a check waits for (or, forced, cancels) those still open. */
  readonly executor: Pick<TradeExecutor, 'openOrders' | 'cancel'>
  readonly history: RebalancingHistoryRepository
  readonly snapshots: PortfolioSnapshotRepository
  readonly publisher: PortfolioEventPublisher
  readonly clock: Clock
  readonly logger: Logger
  /** Makes rebalance and batch ids (UUIDs); inject a counter for repeatable tests. */
  readonly newId?: () => string
}

export interface RebalanceOptions {
  /** Rebalance even within the threshold, and replace pending DCA batches. */
  readonly force?: boolean
  /** Ties the check, its model call and its trades together; the rebalance id when omitted. */
  readonly correlationId?: string
}

/** What a snapshot records besides the balances. */
export interface SnapshotInput {
  readonly realizedPnl?: Decimal
  readonly unrealizedPnl?: Decimal
  /** The balances just read from the balance source, when the caller has them; read when omitted. */
  readonly balances?: Readonly<Record<string, AssetBalance>>
  /**
   * The P&L of open margin positions that the balances do not hold yet (the exchange settles
   * it as a position is reduced): part of the equity. None when omitted.
   */
  readonly marginPnl?: Decimal
}

/** A range of the equity curve. */
export interface EquityCurveQuery {
  readonly fromMs?: number
  readonly toMs?: number
  readonly maxPoints?: number
}

/**
 * The portfolio part behind one facade (seed 003 §3.3, seed 001 §3): the allocation with
 * hodl bags excluded, the rebalance check (plan → strategy from the Portfolio Rebalance
 * agent → DCA batches → risk-checked execution), the equity curve and its snapshots. Each
 * check is recorded in rebalancing_history before any trade is sent. Checks never overlap,
 * nor run while the DCA scheduler sends a batch (they wait for it to be sent: until then it
 * is neither pending nor in the balances). While batches of an earlier rebalance are
 * pending, a check takes no action unless forced; a forced one cancels them and plans afresh
 * from the balances as they are.
 */
export class PortfolioService {
  private readonly newId: () => string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: PortfolioServiceOptions) {
    this.newId = options.newId ?? randomUUID
  }

  /** Locks the configured initial hodl amounts and starts the DCA scheduler (overdue batches run). */
  async start(): Promise<void> {
    await this.options.hodlBags.initialize()
    await this.options.scheduler.start()
  }

  /** Stops the DCA scheduler; pending batches stay stored for the next start. */
  async stop(): Promise<void> {
    await this.options.scheduler.stop()
  }

  /** Returns the current allocation with exact decimals. */
  async checkAllocation(): Promise<PortfolioAllocation> {
    return this.allocationOf(await this.options.balances.fetchBalances())
  }

  /** Returns the allocation of balances just read, at the latest prices. */
  private async allocationOf(
    balances: Readonly<Record<string, AssetBalance>>,
  ): Promise<PortfolioAllocation> {
    const { settings } = this.options
    const hodlBags = await this.options.hodlBags.amounts()
    return computeAllocation({
      ...this.equityInput(balances),
      hodlBags,
      heldByPositions: this.options.heldByPositions(),
      thresholdPct: settings.thresholdPct,
    })
  }

  /** The balances' totals and the target assets' latest prices. */
  private equityInput(balances: Readonly<Record<string, AssetBalance>>): EquityInput {
    const { settings } = this.options
    const totals: Record<string, Decimal> = {}
    for (const [asset, balance] of Object.entries(balances)) totals[asset] = balance.total
    const prices: Record<string, Decimal | null> = {}
    for (const asset of Object.keys(settings.targets)) {
      if (asset !== settings.quoteAsset) {
        prices[asset] = this.options.prices.latestPrice(`${asset}/${settings.quoteAsset}`)
      }
    }
    return { balances: totals, prices, targets: settings.targets, quoteAsset: settings.quoteAsset }
  }

  /** Returns the allocation as the contract's DTO (`portfolio:allocation`). */
  async allocation(): Promise<Allocation> {
    return toAllocationDto(await this.checkAllocation())
  }

  /** Runs one rebalance check (`portfolio:rebalance`; the coordinator's hourly task). */
  rebalance(options: RebalanceOptions = {}): Promise<RebalanceResult> {
    const { scheduler } = this.options
    const run = this.queue.then(async () => {
      const result = await scheduler.runExclusive(() => this.runRebalance(options))
      // Recorded and stored (above), then sent: the batches due now go at once.
      if (result.action === 'rebalance') await scheduler.runDue()
      return result
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Returns the pending DCA batches in execution order. */
  pendingBatches(): Promise<ScheduledBatch[]> {
    return this.options.scheduler.pending()
  }

  /** Returns one DCA batch whatever its status (to say why it cannot be cancelled), or null. */
  batch(batchId: string): Promise<ScheduledBatch | null> {
    return this.options.scheduler.batch(batchId)
  }

  /** Cancels one pending batch; false when it is not pending. */
  cancelBatch(batchId: string): Promise<boolean> {
    return this.options.scheduler.cancelBatch(batchId)
  }

  /** Cancels the pending batches of a rebalance; returns how many. */
  cancelRebalance(rebalanceId: string): Promise<number> {
    return this.options.scheduler.cancelRebalance(rebalanceId)
  }

  /** Cancels every pending batch (the kill switch); returns how many. */
  cancelAllBatches(reason: string): Promise<number> {
    return this.options.scheduler.cancelAll(reason)
  }

  /**
   * Records the portfolio now in portfolio_snapshots: the equity of every target asset's
   * whole balance (hodl bags included), the balances and the P&L given.
   * Returns the point added to the equity curve.
   */
  async recordSnapshot(input: SnapshotInput = {}): Promise<EquityPoint> {
    // The equity alone: the whole allocation (hodl bags, positions' coins, deviations) was
    // about half of what a replay's minute snapshot cost.
    const equityInput = this.equityInput(
      input.balances ?? (await this.options.balances.fetchBalances()),
    )
    const equity = accountEquityOf(equityInput).plus(input.marginPnl ?? ZERO)
    const timestampMs = this.options.clock.now()
    const balances: Record<string, string> = {}
    for (const asset of Object.keys(equityInput.targets)) {
      balances[asset] = (equityInput.balances[asset] ?? ZERO).toFixed()
    }
    await this.options.snapshots.record({
      timestampMs,
      equity,
      realizedPnl: input.realizedPnl ?? ZERO,
      unrealizedPnl: input.unrealizedPnl ?? ZERO,
      balances,
    })
    return { timestamp: timestampMs, equity: fixed(equity, AMOUNT_DECIMALS) }
  }

  /**
   * Returns the equity curve from the snapshots in [fromMs, toMs], oldest first, thinned
   * evenly to at most `maxPoints` (5000) points with the first and last kept.
   */
  async equityCurve(query: EquityCurveQuery = {}): Promise<EquityPoint[]> {
    const samples = await this.options.snapshots.equityRange({
      ...(query.fromMs !== undefined ? { fromMs: query.fromMs } : {}),
      ...(query.toMs !== undefined ? { toMs: query.toMs } : {}),
    })
    const maxPoints = Math.min(query.maxPoints ?? MAX_EQUITY_POINTS, MAX_EQUITY_POINTS)
    return thin(samples, maxPoints).map((sample) => ({
      timestamp: sample.timestampMs,
      equity: fixed(sample.equity, AMOUNT_DECIMALS),
    }))
  }

  private async runRebalance(options: RebalanceOptions): Promise<RebalanceResult> {
    const { settings, scheduler, executor, clock, logger } = this.options
    const isForced = options.force === true
    const rebalanceId = this.newId()
    const correlationId = options.correlationId ?? rebalanceId
    // A resting order is not in the balances yet: planning around it would trade its amount
    // twice. A forced check cancels such orders before it reads the balances.
    const resting = executor.openOrders()
    if (isForced) {
      for (const order of resting) await executor.cancel(order.orderId)
    }
    const allocation = await this.checkAllocation()
    if (resting.length > 0 && !isForced) {
      return this.finish(rebalanceId, correlationId, allocation, {
        reasoning: `rebalance orders still open: ${resting.map((order) => `${order.side} ${order.symbol} ${order.orderId}`).join(', ')}; no new trades until they fill or are cancelled`,
      })
    }

    const pending = await scheduler.pending()
    if (pending.length > 0) {
      const rebalances = [...new Set(pending.map((batch) => batch.rebalanceId))]
      if (!isForced) {
        // A pending batch carries an error only when the risk engine refused it for now.
        const refused = pending
          .filter((batch) => batch.error !== null)
          .map((batch) => `${batch.side} ${batch.symbol}: ${batch.error}`)
        return this.finish(rebalanceId, correlationId, allocation, {
          reasoning:
            `DCA in progress: ${pending.length} batches of rebalance ${rebalances.join(', ')} pending; no new trades until they are done` +
            (refused.length > 0 ? `; refused for now, tried again: ${refused.join(', ')}` : ''),
        })
      }
      for (const earlier of rebalances) {
        await scheduler.cancelRebalance(earlier, `replaced by forced rebalance ${rebalanceId}`)
      }
    }

    const plan = planRebalance(allocation, {
      minTradeUsd: settings.minTradeUsd,
      isForced,
      exchangeMinimumUsd: (symbol, price) => {
        const rules = this.options.markets.marketRules(symbol)
        return rules === null ? null : minimumOrderCost(rules, price)
      },
    })
    if (plan.action === 'no_action') {
      return this.finish(rebalanceId, correlationId, allocation, { reasoning: plan.reasoning })
    }

    const decision = await this.options.agent.chooseStrategy({
      allocation,
      trades: plan.trades,
      correlationId,
    })
    const trades = applyStrategy(plan.trades, decision.strategy, settings.dca)
    const now = clock.now()
    const batches: NewScheduledBatch[] = trades.flatMap((trade) =>
      trade.batches.map((amountUsd, batchIndex) => ({
        id: this.newId(),
        rebalanceId,
        symbol: trade.symbol,
        side: trade.side,
        amountUsd,
        executionType: trade.executionType,
        priority: trade.priority,
        batchIndex,
        batchCount: trade.batches.length,
        dueAtMs: now + batchIndex * settings.dca.intervalMs,
        correlationId,
        createdAtMs: now,
      })),
    )
    const result = await this.finish(rebalanceId, correlationId, allocation, {
      reasoning: `${plan.reasoning}. Strategy: ${decision.reasoning}`,
      trades,
      decision,
    })
    logger.info(
      {
        rebalanceId,
        correlationId,
        trades: result.trades,
        usedFallbackStrategy: decision.usedFallbackStrategy,
      },
      'rebalance decided',
    )
    // Recorded first (above), then stored, then sent (by rebalance()): nothing executes
    // without its record.
    await scheduler.schedule(batches)
    return result
  }

  /** Records the check in rebalancing_history, announces it and returns the contract's result. */
  private async finish(
    rebalanceId: string,
    correlationId: string,
    allocation: PortfolioAllocation,
    outcome: {
      readonly reasoning: string
      readonly trades?: readonly DecidedTrade[]
      readonly decision?: StrategyDecision
    },
  ): Promise<RebalanceResult> {
    const trades = outcome.trades ?? []
    const decision = outcome.decision ?? null
    const allocationDto = toAllocationDto(allocation)
    const result: RebalanceResult = {
      action: trades.length > 0 ? 'rebalance' : 'no_action',
      allocation: allocationDto,
      trades: trades.map(toRebalanceTradeDto),
      usedFallbackStrategy: decision?.usedFallbackStrategy ?? false,
      reasoning: outcome.reasoning,
    }
    const record: RebalanceRecord = {
      id: rebalanceId,
      createdAtMs: this.options.clock.now(),
      correlationId,
      action: result.action,
      allocation: allocationDto,
      trades: trades.map((trade) => ({
        ...toRebalanceTradeDto(trade),
        batchAmountsUsd: trade.batches.map((amount) => amount.toFixed()),
      })),
      executionStrategy:
        decision === null
          ? null
          : {
              executionType: decision.strategy.executionType,
              tradeOrder: [...decision.strategy.tradeOrder],
              splitLargeTrades: decision.strategy.splitLargeTrades,
              model: decision.model,
              fallbackReason: decision.fallbackReason,
            },
      usedFallbackStrategy: result.usedFallbackStrategy,
      reasoning: result.reasoning,
    }
    await this.options.history.record(record)
    this.options.publisher.publish({
      type: 'rebalance_checked',
      correlationId,
      data: {
        rebalance_id: rebalanceId,
        action: result.action,
        trades: result.trades.length,
        max_deviation_pct: allocationDto.maxDeviationPct,
        used_fallback_strategy: result.usedFallbackStrategy,
        reasoning: result.reasoning,
      },
    })
    return result
  }
}

/** Keeps at most `maxPoints` samples, evenly spread, first and last included. */
function thin<T>(samples: readonly T[], maxPoints: number): T[] {
  if (samples.length <= maxPoints) return [...samples]
  if (maxPoints === 1) return [samples[samples.length - 1] as T]
  const step = (samples.length - 1) / (maxPoints - 1)
  return Array.from({ length: maxPoints }, (_, index) => samples[Math.round(index * step)] as T)
}
