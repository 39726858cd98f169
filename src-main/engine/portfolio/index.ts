export {
  computeAllocation,
  type AllocationInput,
  type AssetAllocation,
  type PortfolioAllocation,
} from './allocation'
export { BusPortfolioEventPublisher } from './bus-portfolio-event-publisher'
export { createPortfolio, type Portfolio, type PortfolioDependencies } from './create-portfolio'
export { splitIntoBatches, type BatchOptions } from './dca-batches'
export {
  DcaScheduler,
  RETRY_DELAY_MS,
  RISK_RETRY_DELAY_MS,
  SELL_FILL_WAIT_MS,
  type BatchResult,
  type DcaSchedulerOptions,
} from './dca-scheduler'
export {
  applyStrategy,
  defaultStrategy,
  strategyAnswerSchema,
  type DecidedTrade,
  type ExecutionStrategy,
  type ExecutionType,
  type StrategyAnswer,
} from './execution-strategy'
export {
  HodlBagBook,
  type HodlAccrual,
  type HodlBagBookOptions,
  type RealizedProfit,
} from './hodl-bag-book'
export { LlmStrategyAdvisor } from './llm-strategy-advisor'
export { OrderManagerTradeExecutor } from './order-manager-trade-executor'
export {
  fixed,
  toAllocationDto,
  toRebalanceBatchDto,
  toRebalanceTradeDto,
  type RebalanceTradeDto,
} from './portfolio-dto'
export type { PortfolioEvent, PortfolioEventPublisher, PortfolioEventType } from './portfolio-event'
export {
  PortfolioRebalanceAgent,
  parseStrategyAnswer,
  type AnswerParse,
  type PortfolioRebalanceAgentOptions,
  type StrategyDecision,
  type StrategyRequest,
} from './portfolio-rebalance-agent'
export {
  MAX_EQUITY_POINTS,
  PortfolioService,
  type EquityCurveQuery,
  type PortfolioServiceOptions,
  type RebalanceOptions,
  type SnapshotInput,
} from './portfolio-service'
export {
  portfolioSettings,
  rebalanceAgentSettings,
  targetMarkets,
  type DcaSettings,
  type HodlSettings,
  type PortfolioSettings,
  type RebalanceAgentSettings,
} from './portfolio-settings'
export type {
  AssetBalance,
  BalanceSource,
  PriceSource,
  MarketRulesSource,
  OpenRebalanceOrder,
  OrderMinimum,
  RebalanceExecutionRequest,
  RiskGate,
  StrategyAdvice,
  StrategyAdvisor,
  StrategyPrompt,
  TradeExecutionOutcome,
  TradeExecutor,
} from './ports'
export {
  AMOUNT_DECIMALS,
  planRebalance,
  sellsFirstLargestFirst,
  type PlanOptions,
  type PlannedTrade,
  type RebalancePlan,
  type SkippedTrade,
  type TradeSide,
} from './rebalance-plan'
export { rebalanceTask, type RebalanceTaskOptions } from './rebalance-task'
export {
  executionStrategyRecordSchema,
  rebalanceTradeRecordSchema,
  type ExecutionStrategyRecord,
  type RebalanceRecord,
  type RebalanceTradeRecord,
} from './rebalance-record'
export {
  RebalanceTradeRunner,
  SIZE_DECIMALS,
  type BatchOutcome,
  type BatchRunner,
  type RebalanceTradeRunnerOptions,
} from './rebalance-trade-runner'
export {
  BATCH_EVENTS,
  BATCH_STATUSES,
  BATCH_TRANSITIONS,
  nextBatchStatus,
  transitionBatch,
  type BatchEvent,
  type BatchStatus,
  type NewScheduledBatch,
  type ScheduledBatch,
} from './scheduled-batch'
