import type { TradeProposal } from './trade-proposal'

/** The verdict on a proposal. */
export type RiskStatus = 'APPROVED' | 'MODIFIED' | 'REJECTED'

/** The stable code of each rule; every check and reason starts with one. */
export const RISK_RULES = [
  'CLOSING_TRADE',
  'INPUT',
  'CIRCUIT_BREAKER',
  'COOLDOWN',
  'SYMBOL_PAUSED',
  'MIN_CONFIDENCE',
  'MAX_POSITIONS_PER_SYMBOL',
  'MAX_TOTAL_POSITIONS',
  'LEVERAGE',
  'STOP_LOSS',
  'REWARD_RISK',
  'POSITION_SIZE',
  'MAX_TOTAL_EXPOSURE',
  'MAX_CORRELATED_EXPOSURE',
  'FREE_BALANCE',
  'MIN_POSITION_VALUE',
] as const

export type RiskRule = (typeof RISK_RULES)[number]

/**
 * What one rule made of the proposal: `passed` (nothing to object to), `modified` (it
 * changed the proposal so that it complies), `rejected` (it refused the proposal) or
 * `skipped` (it did not apply, or an earlier rule had already refused).
 */
export type RiskCheckOutcome = 'passed' | 'modified' | 'rejected' | 'skipped'

/** One rule's report, e.g. `MAX_POSITIONS_PER_SYMBOL: symbol=BTC/USDT open=2 limit=2`. */
export interface RiskCheck {
  readonly rule: RiskRule
  readonly outcome: RiskCheckOutcome
  /** `RULE: key=value …`, saying what was checked and why it came out this way. */
  readonly message: string
}

/** The result of `RiskEngine.validate`. */
export interface RiskValidation {
  readonly status: RiskStatus
  /** The proposal to execute: the original when approved or rejected, the changed one when modified. */
  readonly proposal: TradeProposal
  /** Messages of the checks that modified or rejected the proposal, in rule order. */
  readonly reasons: readonly string[]
  /** Every rule's check, in the order the rules ran. */
  readonly checks: readonly RiskCheck[]
}
