import { randomUUID } from 'node:crypto'
import Decimal from 'decimal.js'
import {
  agentMessageTtls,
  busPublisher,
  OutcomeTracker,
  RegimeDetectionAgent,
  SentimentAgent,
  TechnicalAnalysisAgent,
  TradingDecisionAgent,
  tradingDecisionSettings,
  type AgentDependencies,
} from './agents'
import { MessageBus } from './bus'
import { SystemClock, VirtualClock, type Clock } from './clock'
import type { AppConfig } from './config'
import { Coordinator, type EntryPricing } from './coordinator'
import type { EngineMode } from './engine-mode'
import type { EngineParts, WritableKeyStore } from './engine-parts'
import { EngineEventHub } from './events/engine-event-hub'
import {
  FanOutExecutionEventPublisher,
  hasFreshPrice,
  OrderManager,
  PaperBroker,
  PositionTracker,
  ProposalExecutor,
  spotLongHoldings,
  toExecutionEventPayload,
  type Broker,
  type ExecutionEventPublisher,
  type HodlAccrual,
  type HodlBagAccrual,
} from './execution'
import { createLlmLayer, OllamaModelManager } from './llm'
import type { Logger } from './logging/logger'
import {
  CandleIngestService,
  CandleSeriesQuery,
  ingestSettings,
  LiveMarketSource,
  liveSourceSettings,
  MarketSnapshotBuilder,
  MarketSnapshotQuery,
  snapshotSettings,
  type MarketDataSource,
} from './market'
import {
  createPortfolio,
  LlmStrategyAdvisor,
  OrderManagerTradeExecutor,
  rebalanceTask,
  targetMarkets,
} from './portfolio'
import { BusRiskAlertPublisher, RiskEngine } from './risk'
import {
  AgentOutputRepository,
  CandleRepository,
  ConflictResolutionRepository,
  CoordinatorStateRepository,
  DatabaseRiskEventRecorder,
  DatabaseRiskStateRepository,
  LlmCallRepository,
  LlmModelHealthRepository,
  ModelComparisonRepository,
  TradingDecisionRepository,
  type Store,
} from './store'
import { ExecutionEventRepository } from './store/repositories/execution-event-repository'
import { FillRepository } from './store/repositories/fill-repository'
import { OrderRepository } from './store/repositories/order-repository'
import { OrderStatusLogRepository } from './store/repositories/order-status-log-repository'
import { PositionRepository } from './store/repositories/position-repository'
import { PositionSnapshotRepository } from './store/repositories/position-snapshot-repository'
import { agentTaskRunners } from './wiring/agent-task-runners'
import { forwardBusEventsToUi } from './wiring/bus-ui-events'
import { forwardCoordinatorStatusToUi } from './wiring/coordinator-status-ui-events'
import { forwardRiskStatusToUi } from './wiring/risk-status-ui-events'
import { riskTradeResults } from './wiring/risk-trade-results'
import { forwardTaskChangesToUi } from './wiring/task-ui-events'
import { candlePriceLookup } from './wiring/candle-price-lookup'
import { ExecutionUiEvents } from './wiring/execution-ui-events'
import { llmHealthSource } from './wiring/llm-health-source'
import { OrderManagerPositionCloser } from './wiring/order-manager-position-closer'
import { AccountPortfolioSource } from './wiring/portfolio-context-source'
import { feedVolatilityToRisk } from './wiring/risk-volatility-feed'
import { routerConflictModels } from './wiring/router-conflict-models'
import { WriteBehind } from './store/write-behind'

/**
 * Rows a replay queues before writing them in one go: a replay runs thousands of simulated
 * minutes a second and one round trip per row would bound it; live and paper write each row.
 */
const REPLAY_BATCH_ROWS = 1000
/** Simulated time between a replay's candle writes when no batch filled up first. */
const REPLAY_CANDLE_FLUSH_MS = 6 * 60 * 60 * 1000

export interface ComposeOptions {
  config: AppConfig
  mode: EngineMode
  host: 'desktop' | 'headless'
  version: string
  clock: Clock
  logger: Logger
  store: Store
  dataDir: string
  env: Readonly<Record<string, string | undefined>>
  /** Where candles come from: the live Kraken source unless a replay source is given. */
  marketSource?: MarketDataSource
  /** Overrides the broker (tests: Kraken through the simulator). */
  broker?: Broker
  keyStore?: WritableKeyStore | null
  /** Extra ccxt settings for the market exchange (tests: the simulator's URL). */
  marketExchange?: { restUrl?: string; websocketUrl?: string; enableRateLimit?: boolean }
  /**
   * Ids for orders, positions, correlations, agent outputs, trading decisions and their model
   * comparisons, rebalances; random UUIDs unless a replay or a test wants them repeatable
   * (they must be UUIDs: the store keeps them in uuid columns).
   */
  newId?: () => string
  /** Persist closed 1-minute candles (replay may turn it off for speed). */
  persistCandles?: boolean
}

// ccxt takes about a second to load: only live data and the live broker need it, so a
// replay or a paper engine on recorded candles never loads it.
async function loadKrakenMarketExchange() {
  return (await import('./market/kraken/kraken-market-exchange')).KrakenMarketExchange
}

async function loadKrakenBroker() {
  return (await import('./execution/kraken/kraken-broker')).KrakenBroker
}

/**
 * The composition root: builds every engine part from config, wired to one clock, one bus
 * and one store. Nothing is started here; {@link Engine} starts the parts in order.
 */
export async function composeEngine(options: ComposeOptions): Promise<EngineParts> {
  const { config, clock, logger, store, mode } = options
  const db = store.db
  const newId = options.newId ?? randomUUID
  const execution = config.execution.execution
  const schedules = config.orchestration.coordinator.schedules
  const events = new EngineEventHub(logger)
  const writes = new WriteBehind({
    db,
    logger: logger.child({ part: 'store' }),
    batchRows: mode === 'replay' ? REPLAY_BATCH_ROWS : 1,
    backgroundDb: store.backgroundDb,
  })

  const bus = new MessageBus({
    clock,
    logger: logger.child({ part: 'bus' }),
    config: {
      maxHistory: config.orchestration.bus.max_history,
      defaultTtlSeconds: config.orchestration.bus.default_ttl_seconds,
      handlerTimeoutMs: config.orchestration.bus.handler_timeout_ms,
    },
  })

  // Market data
  const market = config.market.market
  const source =
    options.marketSource ??
    new LiveMarketSource({
      exchange: new (await loadKrakenMarketExchange())({
        clock,
        logger: logger.child({ part: 'market' }),
        ...(options.marketExchange ?? {}),
      }),
      clock,
      logger: logger.child({ part: 'market' }),
      ...liveSourceSettings(market),
    })
  // A replay's candle batches are written behind the engine, as WriteBehind's are.
  const candles = new CandleRepository(db, mode === 'replay' ? store.backgroundDb : db)
  const ingest = new CandleIngestService({
    source,
    clock,
    logger: logger.child({ part: 'ingest' }),
    symbols: [...new Set([...market.symbols, ...market.correlation_symbols])],
    bus,
    repository: options.persistCandles === false ? null : candles,
    ...ingestSettings(market),
    // A replay writes candles when a batch is full (and at stop), not every few simulated
    // seconds. It brings its own history (its warm-up candles come as a backfill): the store's
    // newest candles, of an earlier run live or replayed, would refuse every replayed one.
    ...(mode === 'replay' ? { flushIntervalMs: REPLAY_CANDLE_FLUSH_MS, warmupCandles: 0 } : {}),
  })
  if (clock instanceof VirtualClock) {
    // Answers from a store thread arrive outside the event loop's own work: simulated time
    // moves on only once what the engine awaits has been answered, flushes included.
    clock.waitForBeforeMoving(() => store.whenIdle())
    clock.waitForBeforeMoving(() => writes.whenIdle())
    clock.waitForBeforeMoving(() => ingest.whenIdle())
  }
  const prices = ingest.latestPrices
  // Its maxDataAgeMs is when market data is stale: for the snapshot, orders and rebalancing.
  const snapshotConfig = snapshotSettings(market)
  const snapshots = new MarketSnapshotBuilder({
    state: ingest,
    source,
    clock,
    logger,
    settings: snapshotConfig,
  })

  // LLM layer and agents
  const repositories = {
    agentOutputs: new AgentOutputRepository(db, writes),
    decisions: new TradingDecisionRepository(db, writes),
    comparisons: new ModelComparisonRepository(db, writes),
    conflicts: new ConflictResolutionRepository(db),
    statusLog: new OrderStatusLogRepository(db, writes),
    fills: new FillRepository(db, writes),
    executionEvents: new ExecutionEventRepository(db, writes),
  }
  const llm = await createLlmLayer({
    config: config.agents,
    clock,
    logger: logger.child({ part: 'llm' }),
    env: options.env,
    ...(options.keyStore ? { keyStore: options.keyStore } : {}),
    calls: new LlmCallRepository(db, writes),
    healthStore: new LlmModelHealthRepository(db, writes),
    dataDir: options.dataDir,
  })
  const agentDeps: AgentDependencies = {
    router: llm.router,
    prompts: llm.prompts,
    outputs: repositories.agentOutputs,
    publisher: busPublisher(
      bus,
      agentMessageTtls({
        ta: schedules.technical_analysis.interval_seconds,
        regime: schedules.regime_detection.interval_seconds,
        sentiment: schedules.sentiment_analysis.interval_seconds,
        decision: schedules.trading_decision.interval_seconds,
      }),
    ),
    clock,
    logger: logger.child({ part: 'agents' }),
    newId,
  }
  const outcomes = new OutcomeTracker({
    comparisons: repositories.comparisons,
    prices: candlePriceLookup(candles, ingest, ingest),
    clock,
    logger,
  })
  const agents = {
    technicalAnalysis: new TechnicalAnalysisAgent(agentDeps),
    regime: new RegimeDetectionAgent(agentDeps),
    sentiment: new SentimentAgent(agentDeps),
    tradingDecision: new TradingDecisionAgent({
      ...agentDeps,
      decisions: repositories.decisions,
      // Recorded through the tracker, which follows their outcomes without asking the store.
      comparisons: outcomes,
      settings: tradingDecisionSettings(config.agents),
    }),
  }

  // Risk
  const risk = await RiskEngine.create({
    config: config.risk,
    clock,
    logger: logger.child({ part: 'risk' }),
    stateRepository: new DatabaseRiskStateRepository(db, writes),
    eventRecorder: new DatabaseRiskEventRecorder(db, writes),
    alertPublisher: new BusRiskAlertPublisher(bus),
  })
  // Without readings from the market the volatility breaker could never trip.
  feedVolatilityToRisk({
    ingest,
    risk,
    symbols: market.symbols,
    settings: config.risk.risk.circuit_breakers.volatility,
    clock,
    logger: logger.child({ part: 'risk' }),
  })

  // Execution: paper and live are two implementations of one Broker, chosen here.
  const broker =
    options.broker ??
    (mode === 'live'
      ? new (await loadKrakenBroker())({
          config: execution.kraken,
          clock,
          logger: logger.child({ part: 'kraken' }),
        })
      : new PaperBroker({
          clock,
          prices,
          config: execution.paper,
          fallbackPrices: execution.fallback_prices,
          logger: logger.child({ part: 'paper' }),
        }))
  const uiEvents = new ExecutionUiEvents(events)
  const executionEvents: ExecutionEventPublisher = new FanOutExecutionEventPublisher([
    repositories.executionEvents,
    {
      publish: (event) => {
        bus.publish({
          topic: 'execution_events',
          source: 'execution',
          payload: toExecutionEventPayload(event) as never,
          correlationId: event.correlationId,
        })
      },
    },
    uiEvents,
    riskTradeResults(risk, logger.child({ part: 'risk' })),
  ])
  // The tracker is built before the portfolio's hodl book; accruals are forwarded to it.
  let hodlBook: HodlBagAccrual | null = null
  const hodl = {
    accrual: {
      accrue: async (accrual: HodlAccrual) => {
        if (!hodlBook) throw new Error('hodl book not ready')
        await hodlBook.accrue(accrual)
      },
    },
    isEnabled: config.portfolio.portfolio.hodl_bags.enabled,
    allocationPct: config.portfolio.portfolio.hodl_bags.allocation_pct,
  }
  const positions = new PositionTracker({
    clock,
    logger: logger.child({ part: 'positions' }),
    positions: new PositionRepository(db, writes),
    snapshots: new PositionSnapshotRepository(db, writes),
    prices,
    events: executionEvents,
    config: { positions: execution.positions, trailingStop: execution.trailing_stop },
    hodl,
    priceStep: (symbol) => broker.marketRules(symbol)?.priceStep ?? null,
  })
  const orders = new OrderManager({
    clock,
    logger: logger.child({ part: 'orders' }),
    broker,
    prices,
    tracker: positions,
    events: executionEvents,
    repositories: {
      orders: new OrderRepository(db, writes),
      statusLog: repositories.statusLog,
      fills: repositories.fills,
    },
    config: {
      orders: execution.orders,
      positions: execution.positions,
      maxPriceAgeMs: snapshotConfig.maxDataAgeMs,
    },
    newId,
  })
  uiEvents.attach(orders, positions, prices)
  forwardBusEventsToUi(bus, events)
  const account = new AccountPortfolioSource({
    broker,
    prices,
    tracker: positions,
    orders,
    quoteAsset: config.portfolio.portfolio.quote_asset,
    feeRate: new Decimal(execution.paper.taker_fee_pct).div(100),
    followedMarkets: ingest.symbols,
    // Built below: read only once the engine runs.
    hodlBags: { amounts: () => portfolio.hodlBags.amounts() },
  })

  // Coordinator and portfolio need each other (rebalance task ↔ trading allowed): the
  // coordinator is read lazily by the portfolio.
  let coordinator: Coordinator | null = null
  const portfolio = createPortfolio({
    portfolioConfig: config.portfolio,
    agentsConfig: config.agents,
    db,
    writes,
    bus,
    clock,
    logger: logger.child({ part: 'portfolio' }),
    balances: broker,
    prices,
    markets: broker,
    heldByPositions: () => spotLongHoldings(positions.openPositions()),
    risk,
    executor: new OrderManagerTradeExecutor(orders),
    advisor: new LlmStrategyAdvisor(llm.router),
    riskContext: () => account.portfolioContext(),
    // Rebalance trades open nothing to close: they wait while the engine or their symbol is
    // paused, and while its price is stale (the order manager would refuse them: STALE_PRICE).
    isTradingAllowed: (symbol) =>
      coordinator?.isTradeAllowed(symbol, false) === true &&
      hasFreshPrice(prices, symbol, clock.now(), snapshotConfig.maxDataAgeMs),
    isOrderResting: (orderId) => orders.openOrders().some((order) => order.id === orderId),
    newId,
  })
  hodlBook = portfolio.hodlBags

  // The coordinator sizes an entry where it will fill; the executor sends it that way.
  const entryPricing: EntryPricing = {
    orderType: execution.orders.default_type,
    maxDeviationPct: execution.orders.max_price_deviation_pct,
  }
  coordinator = new Coordinator({
    clock,
    logger: logger.child({ part: 'coordinator' }),
    bus,
    config: config.orchestration.coordinator,
    entryPricing,
    runners: agentTaskRunners({
      snapshots,
      bus,
      router: llm.router,
      agents,
      portfolio: rebalanceTask(portfolio.service, {
        markets: targetMarkets(config.portfolio),
        prices,
        clock,
        maxPriceAgeMs: snapshotConfig.maxDataAgeMs,
      }),
    }),
    conflictModels: routerConflictModels(llm.router, config.agents),
    risk,
    portfolio: account,
    executor: new ProposalExecutor({
      manager: orders,
      tracker: positions,
      defaultType: entryPricing.orderType,
    }),
    positionCloser: new OrderManagerPositionCloser(orders, positions),
    stateStore: new CoordinatorStateRepository(db, writes),
    conflictLog: repositories.conflicts,
    healthSource: llmHealthSource(llm.router),
    newId,
  })
  forwardTaskChangesToUi(coordinator, events, clock)
  forwardCoordinatorStatusToUi(coordinator, events)
  forwardRiskStatusToUi(risk, events, clock)

  return {
    config,
    mode,
    host: options.host,
    version: options.version,
    clock,
    logger,
    store,
    writes,
    dataDir: options.dataDir,
    env: options.env,
    bus,
    events,
    market: {
      source,
      ingest,
      prices,
      snapshots,
      series: new CandleSeriesQuery({ state: ingest, repository: candles, logger }),
      snapshotQuery: new MarketSnapshotQuery({ builder: snapshots, bus }),
    },
    llm,
    ollama: new OllamaModelManager({
      host: config.agents.providers.ollama.base_url,
      // The local server answers on this machine's time, whatever the engine's clock: on a
      // replay's clock at 600× the 30 s deadline of a model list would be 50 ms.
      clock: new SystemClock(),
      logger,
    }),
    keyStore: options.keyStore ?? null,
    risk,
    broker,
    orders,
    positions,
    account,
    portfolio,
    coordinator,
    outcomes,
    repositories,
  }
}
