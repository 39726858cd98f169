export type {
  AmendOrderRequest,
  Broker,
  BrokerBalance,
  BrokerOrder,
  BrokerOrderStatus,
  BrokerTrade,
  MarketRules,
  PlaceOrderRequest,
} from './broker/broker'
export { isBelowMinimumOrder, minimumOrderCost } from './broker/broker'
export type { BrokerCapabilities } from './broker/broker-capabilities'
export { roundDownToStep } from './broker/round-to-step'
export { spotLongHoldings } from './spot-long-holdings'
export {
  actionFor,
  asBrokerError,
  BrokerError,
  type BrokerErrorAction,
  type BrokerErrorKind,
} from './broker/broker-error'
export {
  FanOutExecutionEventPublisher,
  InMemoryExecutionEventPublisher,
  toExecutionEventPayload,
  type ExecutionEvent,
  type ExecutionEventPublisher,
  type ExecutionEventType,
} from './execution-event'
export type { ExecutionRequest, RequestRole } from './execution-request'
export { failure, type ExecutionErrorCode, type ExecutionResult } from './execution-result'
export { RepositoryHodlBagAccrual, type HodlAccrual, type HodlBagAccrual } from './hodl-bag-accrual'
// KrakenBroker is imported from its own module: it loads ccxt, which most engines never need.
export type { KrakenBrokerOptions, KrakenConfig } from './kraken/kraken-broker'
export { KRAKEN_CAPABILITIES } from './kraken/kraken-capabilities'
export { ManualPriceSource } from './manual-price-source'
export {
  hasFreshPrice,
  isPriceStale,
  priceAgeMs,
  type MarketPriceSource,
  type PriceTick,
} from './market-price-source'
export type { Order } from './order'
export {
  OrderManager,
  unfilledOf,
  statusFromBroker,
  type OrderManagerConfig,
  type OrderManagerOptions,
  type OrderManagerProbes,
  type OrderManagerRepositories,
  type SyncReport,
} from './order-manager'
export {
  isTerminalStatus,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  transitionOrderStatus,
  type OrderStatus,
} from './order-status'
export {
  ORDER_ROLES,
  ORDER_SIDES,
  ORDER_TYPES,
  isExitRole,
  isProtectiveRole,
  type ClientOrderId,
  type OrderRole,
  type OrderSide,
  type OrderType,
} from './order-types'
export {
  PAPER_CAPABILITIES,
  PaperBroker,
  type PaperBrokerOptions,
  type PaperConfig,
} from './paper/paper-broker'
export {
  grossPnl,
  MAX_LEVERAGE,
  unrealizedPnl,
  unrealizedPnlPct,
  type Position,
  type PositionSide,
  type PositionStatus,
  type TrailingStopState,
} from './position'
export {
  PositionTracker,
  type Exposure,
  type HodlSettings,
  type PositionActions,
  type PositionFill,
  type PositionTrackerOptions,
} from './position-tracker'
export type { TriggerKind } from './position-triggers'
export { ProposalExecutor, type ProposalExecutorOptions } from './proposal-executor'
