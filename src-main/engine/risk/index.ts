export { BusRiskAlertPublisher } from './bus-risk-alert-publisher'
export {
  BREAKER_NAMES,
  BREAKER_SEVERITY,
  BREAKER_TRANSITIONS,
  isBreakerName,
  transitionBreaker,
  type BreakerEvent,
  type BreakerName,
  type BreakerStatus,
  type BreakerTransition,
} from './circuit-breaker'
export { InMemoryRiskAlertPublisher } from './in-memory-risk-alert-publisher'
export { InMemoryRiskEventRecorder } from './in-memory-risk-event-recorder'
export { InMemoryRiskStateRepository } from './in-memory-risk-state-repository'
export type { OpenPosition, PortfolioContext } from './portfolio-context'
export {
  ENTRY_STRICTNESS_LEVELS,
  MARKET_REGIMES,
  regimeContextSchema,
  type EntryStrictness,
  type MarketRegime,
  type RegimeContext,
} from './regime-context'
export type { RiskAlert, RiskAlertPublisher, RiskAlertSeverity } from './risk-alert'
export {
  defaultRiskConfig,
  riskConfigSchema,
  type RiskConfig,
  type RiskSettings,
} from './risk-config'
export {
  RiskEngine,
  type RiskEngineOptions,
  type TradeResult,
  type VolatilityReading,
} from './risk-engine'
export {
  toRiskEventRecord,
  type BreakerResetEvent,
  type BreakerTrippedEvent,
  type CooldownStartedEvent,
  type RiskEvent,
  type RiskEventRecord,
  type RiskEventRecorder,
  type RiskValidationEvent,
} from './risk-event'
export {
  initialRiskState,
  parseRiskStateRecord,
  riskStateRecordSchema,
  toRiskStateRecord,
  type BreakerTrip,
  type PnlPeriod,
  type RiskState,
  type RiskStateRecord,
  type SymbolPause,
} from './risk-state'
export type { RiskStateRepository } from './risk-state-repository'
export { toRiskStatus } from './risk-status'
export {
  RISK_RULES,
  type RiskCheck,
  type RiskCheckOutcome,
  type RiskRule,
  type RiskStatus,
  type RiskValidation,
} from './risk-validation'
export {
  isClosingTrade,
  isRebalanceTrade,
  toTradeProposalRecord,
  type PositionSide,
  type TradeAction,
  type TradeProposal,
  type TradeProposalRecord,
  type TradePurpose,
} from './trade-proposal'
