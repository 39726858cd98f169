import type { MessageBus } from '../bus'
import type { Clock } from '../clock'
import type { AgentsConfig } from '../config/schemas/agents'
import type { PortfolioConfig } from '../config/schemas/portfolio'
import type { Logger } from '../logging/logger'
import type { PortfolioContext } from '../risk'
import type { Database } from '../store'
import { HodlBagRepository } from '../store/repositories/hodl-bag-repository'
import { PortfolioSnapshotRepository } from '../store/repositories/portfolio-snapshot-repository'
import { RebalancingHistoryRepository } from '../store/repositories/rebalancing-history-repository'
import { ScheduledTradeRepository } from '../store/repositories/scheduled-trade-repository'
import { BusPortfolioEventPublisher } from './bus-portfolio-event-publisher'
import { DcaScheduler } from './dca-scheduler'
import { HodlBagBook } from './hodl-bag-book'
import { PortfolioRebalanceAgent } from './portfolio-rebalance-agent'
import { PortfolioService } from './portfolio-service'
import { portfolioSettings, rebalanceAgentSettings } from './portfolio-settings'
import type {
  PositionHoldings,
  BalanceSource,
  MarketRulesSource,
  PriceSource,
  RiskGate,
  StrategyAdvisor,
  TradeExecutor,
} from './ports'
import { RebalanceTradeRunner } from './rebalance-trade-runner'
import type { WriteBehind } from '../store/write-behind'

/** What the engine assembly hands the portfolio part. */
export interface PortfolioDependencies {
  /** config/portfolio.yaml. */
  readonly portfolioConfig: PortfolioConfig
  /** config/agents.yaml (the `portfolio_rebalance` route). */
  readonly agentsConfig: AgentsConfig
  readonly db: Database
  /** Batches the snapshot and rebalancing history rows (see WriteBehind); written at once when omitted. */
  readonly writes?: WriteBehind
  readonly bus: MessageBus
  readonly clock: Clock
  readonly logger: Logger
  readonly balances: BalanceSource
  readonly prices: PriceSource
  /** The exchange's order minimums per market (the broker). */
  readonly markets: MarketRulesSource
  /** Coins per asset that open spot long positions hold: rebalancing leaves them alone. */
  readonly heldByPositions: PositionHoldings
  readonly risk: RiskGate
  readonly executor: TradeExecutor
  readonly advisor: StrategyAdvisor
  /** The risk engine's portfolio facts; built from the balances when omitted. */
  readonly riskContext?: () => Promise<PortfolioContext>
  /** Whether a DCA batch in this symbol may be sent now (see DcaSchedulerOptions); always when omitted. */
  readonly isTradingAllowed?: (symbol: string) => boolean
  /** Whether an order is still on the book: a rebalance's buys wait for its sells (see DcaSchedulerOptions). */
  readonly isOrderResting?: (orderId: string) => boolean
  readonly newId?: () => string
}

/** The portfolio part's components; `service` is the facade, the others are for wiring. */
export interface Portfolio {
  readonly service: PortfolioService
  /** Also the position tracker's hodl accrual port (`accrue`). */
  readonly hodlBags: HodlBagBook
  readonly scheduler: DcaScheduler
  readonly agent: PortfolioRebalanceAgent
}

/** Builds the portfolio part on the store, the bus and the given ports; call `service.start()` next. */
export function createPortfolio(deps: PortfolioDependencies): Portfolio {
  const settings = portfolioSettings(deps.portfolioConfig)
  const logger = deps.logger.child({ component: 'portfolio' })
  const publisher = new BusPortfolioEventPublisher(deps.bus, logger)
  const hodlBags = new HodlBagBook({
    repository: new HodlBagRepository(deps.db),
    settings: settings.hodl,
    clock: deps.clock,
    logger,
    publisher,
  })
  const runner = new RebalanceTradeRunner({
    quoteAsset: settings.quoteAsset,
    balances: deps.balances,
    prices: deps.prices,
    hodlBags,
    heldByPositions: deps.heldByPositions,
    risk: deps.risk,
    executor: deps.executor,
    logger,
    ...(deps.riskContext ? { riskContext: deps.riskContext } : {}),
  })
  const scheduler = new DcaScheduler({
    repository: new ScheduledTradeRepository(deps.db),
    runner,
    publisher,
    clock: deps.clock,
    logger,
    ...(deps.isTradingAllowed ? { isTradingAllowed: deps.isTradingAllowed } : {}),
    ...(deps.isOrderResting ? { isOrderResting: deps.isOrderResting } : {}),
    spacingMs: settings.dca.intervalMs,
  })
  const agent = new PortfolioRebalanceAgent({
    advisor: deps.advisor,
    settings: rebalanceAgentSettings(deps.agentsConfig),
    portfolio: settings,
    clock: deps.clock,
    logger,
  })
  const service = new PortfolioService({
    settings,
    balances: deps.balances,
    prices: deps.prices,
    markets: deps.markets,
    hodlBags,
    heldByPositions: deps.heldByPositions,
    agent,
    scheduler,
    executor: deps.executor,
    history: new RebalancingHistoryRepository(deps.db, deps.writes),
    snapshots: new PortfolioSnapshotRepository(deps.db, deps.writes),
    publisher,
    clock: deps.clock,
    logger,
    ...(deps.newId ? { newId: deps.newId } : {}),
  })
  return { service, hodlBags, scheduler, agent }
}
