import Decimal from 'decimal.js'
import type { OpenPosition, PortfolioContext } from './portfolio-context'
import type { RegimeContext } from './regime-context'
import type { RiskSettings } from './risk-config'
import type { EntryBlockers } from './risk-state-keeper'
import type { RiskCheck, RiskRule, RiskValidation } from './risk-validation'
import {
  isClosingTrade,
  isRebalanceTrade,
  type PositionSide,
  type TradeProposal,
} from './trade-proposal'
import { isoTime } from './utc-periods'

const ZERO = new Decimal(0)
const HUNDRED = new Decimal(100)

/**
 * The sizing arithmetic. decimal.js rounds every result to 20 significant digits, half up, so
 * 2,000 USDT / 0.3 comes out as 6,666.6666666666666667 XRP: at 18 size decimals, a size worth
 * more than its limit. With 60 digits each sum and product of prices, balances and sizes is
 * exact, and each quotient (a largest size) is cut, never rounded up.
 */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_DOWN })

/** The rules after the entry gates, which size the trade; skipped when a gate refused. */
const SIZING_RULES = [
  'POSITION_SIZE',
  'MAX_TOTAL_EXPOSURE',
  'MAX_CORRELATED_EXPOSURE',
  'FREE_BALANCE',
  'MIN_POSITION_VALUE',
] as const satisfies readonly RiskRule[]

/** Every rule an opening trade goes through after its input is found valid, in order. */
const ENTRY_RULES = [
  'CIRCUIT_BREAKER',
  'COOLDOWN',
  'SYMBOL_PAUSED',
  'MIN_CONFIDENCE',
  'MAX_POSITIONS_PER_SYMBOL',
  'MAX_TOTAL_POSITIONS',
  'LEVERAGE',
  'STOP_LOSS',
  'REWARD_RISK',
  ...SIZING_RULES,
] as const satisfies readonly RiskRule[]

function frozenCheck(rule: RiskRule, outcome: RiskCheck['outcome'], detail: string): RiskCheck {
  return Object.freeze({ rule, outcome, message: `${rule}: ${detail}` })
}

// Constant checks are shared between validations, so the common path allocates little.
const CLOSING_ALLOWED = frozenCheck(
  'CLOSING_TRADE',
  'passed',
  'closing and reduce-only trades are always allowed',
)
const INPUT_VALID = frozenCheck('INPUT', 'passed', 'proposal and portfolio context are well-formed')
const NO_BREAKER = frozenCheck('CIRCUIT_BREAKER', 'passed', 'no breaker tripped')
const NO_COOLDOWN = frozenCheck('COOLDOWN', 'passed', 'no cooldown running')
const NOT_PAUSED = frozenCheck('SYMBOL_PAUSED', 'passed', 'symbol not paused')
const NO_TAKE_PROFIT = frozenCheck(
  'REWARD_RISK',
  'skipped',
  'no take_profit; reward:risk not checked',
)
const SKIPPED_AFTER_INVALID: readonly RiskCheck[] = ENTRY_RULES.map((rule) =>
  frozenCheck(rule, 'skipped', 'not evaluated: the proposal is invalid'),
)
const SKIPPED_AFTER_REJECTION: Readonly<Record<string, RiskCheck>> = Object.fromEntries(
  SIZING_RULES.map((rule) => [
    rule,
    frozenCheck(rule, 'skipped', 'not evaluated: an earlier rule rejected the proposal'),
  ]),
)

/**
 * The rules for speculative positions that a rebalance buy is exempt from: it is a spot
 * purchase sized by the portfolio to reach the configured target allocation, which is its
 * exposure policy; it has no confidence, stop-loss or take-profit, and holds no position.
 */
const REBALANCE_EXEMPT: readonly RiskCheck[] = (
  [
    'MIN_CONFIDENCE',
    'MAX_POSITIONS_PER_SYMBOL',
    'MAX_TOTAL_POSITIONS',
    'LEVERAGE',
    'STOP_LOSS',
    'REWARD_RISK',
    'POSITION_SIZE',
    'MAX_TOTAL_EXPOSURE',
    'MAX_CORRELATED_EXPOSURE',
  ] as const satisfies readonly RiskRule[]
).map((rule) =>
  frozenCheck(
    rule,
    'skipped',
    'not evaluated: rebalance buy (spot, sized to the target allocation)',
  ),
)
const REBALANCE_FUNDS_SKIPPED: readonly RiskCheck[] = (
  ['FREE_BALANCE', 'MIN_POSITION_VALUE'] as const satisfies readonly RiskRule[]
).map((rule) => SKIPPED_AFTER_REJECTION[rule] as RiskCheck)

/** The parts of a symbol the rules need, parsed once per symbol. */
interface SymbolInfo {
  readonly symbol: string
  readonly base: string
  readonly quote: string
  /**
   * True for a contract symbol with a settle currency (`BTC/USDT:USDT`), whose shorts are
   * collateralised in that currency at any leverage; false for a spot pair.
   */
  readonly isContract: boolean
  /** The correlation group's name, or the base asset when it belongs to no group. */
  readonly group: string
}

/** An opening trade's stop-loss, found on the right side of the entry. */
interface StopLoss {
  readonly price: Decimal
  /** How far the price moves against the position to reach the stop; positive. */
  readonly distance: Decimal
}

/** The accumulating result of one validation. */
interface Verdict {
  readonly checks: RiskCheck[]
  readonly reasons: string[]
  isRejected: boolean
  isModified: boolean
}

/** Writes a decimal in plain notation (never 1e-7) for messages. */
function plain(value: Decimal): string {
  return value.toFixed()
}

/**
 * The entry and sizing rules of the risk engine, with every threshold read from the risk
 * settings once. {@link evaluate} is a pure function of its arguments: the engine passes
 * in what currently blocks entries (breakers, cooldown, pauses) and the time.
 */
export class RiskRules {
  private readonly riskFraction: Decimal
  private readonly maxPositionValueFraction: Decimal
  private readonly maxTotalExposureFraction: Decimal
  private readonly maxCorrelatedExposureFraction: Decimal
  private readonly defaultFeeRate: Decimal
  private readonly minPositionValue: Decimal
  private readonly minRewardRisk: Decimal
  private readonly sizeDecimalPlaces: number
  private readonly groupOfAsset: Map<string, string>
  private readonly symbols = new Map<string, SymbolInfo | null>()
  private readonly multipliers = new Map<number, Decimal>()
  /**
   * Without a regime reading (at start-up, or while the regime agent fails) the most cautious
   * regime's limits apply: the lowest leverage cap and the largest confidence addition. The
   * market is not known to be calm, so it is not treated as such.
   */
  private readonly noRegimeLeverageCap: number
  private readonly noRegimeConfidenceAdd: number

  constructor(private readonly settings: RiskSettings) {
    this.riskFraction = new Decimal(settings.risk_per_trade_pct).div(HUNDRED)
    this.maxPositionValueFraction = new Decimal(settings.max_position_value_pct).div(HUNDRED)
    this.maxTotalExposureFraction = new Decimal(settings.max_total_exposure_pct).div(HUNDRED)
    this.maxCorrelatedExposureFraction = new Decimal(settings.max_correlated_exposure_pct).div(
      HUNDRED,
    )
    this.defaultFeeRate = new Decimal(settings.fee_pct).div(HUNDRED)
    this.minPositionValue = new Decimal(settings.min_position_value)
    this.minRewardRisk = new Decimal(settings.min_reward_risk)
    this.sizeDecimalPlaces = settings.size_decimal_places
    this.noRegimeLeverageCap = Math.min(
      settings.max_leverage,
      ...Object.values(settings.regime_leverage_caps),
    )
    this.noRegimeConfidenceAdd = Math.max(0, ...Object.values(settings.regime_confidence_add))
    this.groupOfAsset = new Map()
    for (const group of settings.correlation_groups) {
      for (const asset of group.assets) this.groupOfAsset.set(asset, group.name)
    }
  }

  /**
   * Returns the leverage cap in a regime: the system maximum or the regime's lower cap; with
   * no regime, the lowest of them.
   */
  leverageCap(regime: RegimeContext | null): number {
    const system = this.settings.max_leverage
    if (regime === null) return this.noRegimeLeverageCap
    return Math.min(system, this.settings.regime_leverage_caps[regime.regime])
  }

  /** Returns the minimum confidence to open with `action` in a regime (at most 1). */
  minConfidence(action: 'BUY' | 'SELL', regime: RegimeContext | null): number {
    let minimum = this.settings.min_confidence[action]
    if (regime === null) minimum += this.noRegimeConfidenceAdd
    else {
      minimum +=
        this.settings.regime_confidence_add[regime.regime] +
        this.settings.entry_strictness_confidence_add[regime.entry_strictness]
    }
    // Rounded so that 0.6 + 0.1 compares as 0.7, not 0.7000000000000001.
    return Math.min(1, Math.round(minimum * 1e9) / 1e9)
  }

  /** Judges one proposal against every rule; see `RiskEngine.validate`. */
  evaluate(
    proposal: TradeProposal,
    context: PortfolioContext,
    regime: RegimeContext | null,
    blockers: EntryBlockers,
    now: number,
  ): RiskValidation {
    if (isClosingTrade(proposal)) return this.evaluateClosing(proposal)
    if (isRebalanceTrade(proposal))
      return this.evaluateRebalanceBuy(proposal, context, blockers, now)

    const verdict: Verdict = { checks: [], reasons: [], isRejected: false, isModified: false }
    const symbol = this.symbolInfo(proposal.symbol)
    const invalid =
      symbol === null
        ? `symbol=${proposal.symbol} is not BASE/QUOTE`
        : invalidInput(proposal, context)
    if (invalid !== null) {
      this.reject(verdict, 'INPUT', `INPUT: ${invalid}`)
      for (const check of SKIPPED_AFTER_INVALID) verdict.checks.push(check)
      return { status: 'REJECTED', proposal, reasons: verdict.reasons, checks: verdict.checks }
    }
    const info = symbol as SymbolInfo
    verdict.checks.push(INPUT_VALID)

    this.checkBreakers(verdict, blockers)
    this.checkCooldown(verdict, blockers, now)
    this.checkPause(verdict, proposal.symbol, blockers)
    this.checkConfidence(verdict, proposal, regime)
    this.checkPositionCounts(verdict, proposal.symbol, context)
    const leverage = this.checkLeverage(verdict, proposal.leverage, regime)
    const stop = this.checkStopLoss(verdict, proposal)
    if (stop !== null) this.checkRewardRisk(verdict, proposal, stop.distance)

    if (verdict.isRejected || stop === null) {
      for (const rule of SIZING_RULES)
        verdict.checks.push(SKIPPED_AFTER_REJECTION[rule] as RiskCheck)
      return { status: 'REJECTED', proposal, reasons: verdict.reasons, checks: verdict.checks }
    }

    const size = this.checkSizing(verdict, proposal, context, regime, leverage, stop, info)
    if (verdict.isRejected || size === null) {
      return { status: 'REJECTED', proposal, reasons: verdict.reasons, checks: verdict.checks }
    }
    if (!verdict.isModified) {
      return { status: 'APPROVED', proposal, reasons: verdict.reasons, checks: verdict.checks }
    }
    return {
      status: 'MODIFIED',
      proposal: { ...proposal, size, leverage },
      reasons: verdict.reasons,
      checks: verdict.checks,
    }
  }

  private evaluateClosing(proposal: TradeProposal): RiskValidation {
    if (proposal.size !== null && !proposal.size.gt(ZERO)) {
      const message = `INPUT: size=${plain(proposal.size)} must be positive`
      return {
        status: 'REJECTED',
        proposal,
        reasons: [message],
        checks: [{ rule: 'INPUT', outcome: 'rejected', message }],
      }
    }
    return { status: 'APPROVED', proposal, reasons: [], checks: [CLOSING_ALLOWED] }
  }

  /**
   * Judges a rebalance buy (rebalance sells are reduce-only and pass as closing trades): a
   * spot BUY with its size and leverage 1. The entry gates apply (circuit breakers,
   * cooldown, paused symbol); the rules for speculative positions do not; the quote
   * asset's free balance must cover it (the size is lowered when it does not) and it must
   * reach the minimum position value.
   */
  private evaluateRebalanceBuy(
    proposal: TradeProposal,
    context: PortfolioContext,
    blockers: EntryBlockers,
    now: number,
  ): RiskValidation {
    const verdict: Verdict = { checks: [], reasons: [], isRejected: false, isModified: false }
    const symbol = this.symbolInfo(proposal.symbol)
    const invalid =
      symbol === null
        ? `symbol=${proposal.symbol} is not BASE/QUOTE`
        : invalidRebalanceInput(proposal)
    if (invalid !== null) {
      this.reject(verdict, 'INPUT', `INPUT: ${invalid}`)
      for (const check of SKIPPED_AFTER_INVALID) verdict.checks.push(check)
      return { status: 'REJECTED', proposal, reasons: verdict.reasons, checks: verdict.checks }
    }
    verdict.checks.push(INPUT_VALID)
    this.checkBreakers(verdict, blockers)
    this.checkCooldown(verdict, blockers, now)
    this.checkPause(verdict, proposal.symbol, blockers)
    for (const check of REBALANCE_EXEMPT) verdict.checks.push(check)
    if (verdict.isRejected) {
      for (const check of REBALANCE_FUNDS_SKIPPED) verdict.checks.push(check)
      return { status: 'REJECTED', proposal, reasons: verdict.reasons, checks: verdict.checks }
    }
    const size = this.checkFunds(
      verdict,
      proposal.size as Decimal,
      proposal.entryPrice,
      'long',
      1,
      context,
      symbol as SymbolInfo,
    )
    if (size === null) {
      return { status: 'REJECTED', proposal, reasons: verdict.reasons, checks: verdict.checks }
    }
    if (!verdict.isModified) {
      return { status: 'APPROVED', proposal, reasons: verdict.reasons, checks: verdict.checks }
    }
    return {
      status: 'MODIFIED',
      proposal: { ...proposal, size },
      reasons: verdict.reasons,
      checks: verdict.checks,
    }
  }

  private checkBreakers(verdict: Verdict, blockers: EntryBlockers): void {
    if (blockers.activeBreakers.length === 0) {
      verdict.checks.push(NO_BREAKER)
      return
    }
    const tripped = blockers.activeBreakers
      .map(
        ({ breaker, trip }) =>
          `breaker=${breaker} tripped_at=${isoTime(trip.trippedAt)} reset_at=${trip.resetAt === null ? 'manual' : isoTime(trip.resetAt)}`,
      )
      .join(' ')
    this.reject(verdict, 'CIRCUIT_BREAKER', `CIRCUIT_BREAKER: ${tripped}`)
  }

  private checkCooldown(verdict: Verdict, blockers: EntryBlockers, now: number): void {
    const until = blockers.cooldownUntil
    if (until === null || until <= now) {
      verdict.checks.push(NO_COOLDOWN)
      return
    }
    this.reject(
      verdict,
      'COOLDOWN',
      `COOLDOWN: consecutive_losses=${blockers.consecutiveLosses} until=${isoTime(until)}`,
    )
  }

  private checkPause(verdict: Verdict, symbol: string, blockers: EntryBlockers): void {
    const pause = blockers.pauseOf(symbol)
    if (pause === undefined) {
      verdict.checks.push(NOT_PAUSED)
      return
    }
    const until = pause.until === null ? 'resumed' : isoTime(pause.until)
    this.reject(
      verdict,
      'SYMBOL_PAUSED',
      `SYMBOL_PAUSED: symbol=${symbol} until=${until} reason=${pause.reason}`,
    )
  }

  private checkConfidence(
    verdict: Verdict,
    proposal: TradeProposal,
    regime: RegimeContext | null,
  ): void {
    const action = proposal.action === 'SELL' ? 'SELL' : 'BUY'
    const minimum = this.minConfidence(action, regime)
    const message =
      `MIN_CONFIDENCE: action=${action} confidence=${proposal.confidence} minimum=${minimum} ` +
      `regime=${regimeName(regime)} entry_strictness=${regime === null ? 'none' : regime.entry_strictness}`
    if (proposal.confidence >= minimum) this.pass(verdict, 'MIN_CONFIDENCE', message)
    else this.reject(verdict, 'MIN_CONFIDENCE', message)
  }

  private checkPositionCounts(verdict: Verdict, symbol: string, context: PortfolioContext): void {
    // The rest of a part-filled entry is its open position's, not one more.
    const positions = positionsAndPendingEntries(context).filter(
      (position) => position.isRestOfOpenPosition !== true,
    )
    let sameSymbol = 0
    for (const position of positions) {
      if (position.symbol === symbol) sameSymbol++
    }
    const limits = this.settings.position_limits
    const perSymbol = `MAX_POSITIONS_PER_SYMBOL: symbol=${symbol} open=${sameSymbol} limit=${limits.max_per_symbol}`
    if (sameSymbol < limits.max_per_symbol)
      this.pass(verdict, 'MAX_POSITIONS_PER_SYMBOL', perSymbol)
    else this.reject(verdict, 'MAX_POSITIONS_PER_SYMBOL', perSymbol)
    const total = `MAX_TOTAL_POSITIONS: open=${positions.length} limit=${limits.max_total}`
    if (positions.length < limits.max_total) this.pass(verdict, 'MAX_TOTAL_POSITIONS', total)
    else this.reject(verdict, 'MAX_TOTAL_POSITIONS', total)
  }

  /** Returns the leverage to use: the proposal's, or the cap when it asked for more. */
  private checkLeverage(verdict: Verdict, requested: number, regime: RegimeContext | null): number {
    const cap = this.leverageCap(regime)
    if (requested <= cap) {
      this.pass(
        verdict,
        'LEVERAGE',
        `LEVERAGE: leverage=${requested} cap=${cap} regime=${regimeName(regime)}`,
      )
      return requested
    }
    this.modify(
      verdict,
      'LEVERAGE',
      `LEVERAGE: requested=${requested} applied=${cap} cap=${cap} system_max=${this.settings.max_leverage} regime=${regimeName(regime)}`,
    )
    return cap
  }

  /** Returns the stop-loss and its distance from the entry, or null when the stop is missing or on the wrong side. */
  private checkStopLoss(verdict: Verdict, proposal: TradeProposal): StopLoss | null {
    const stop = proposal.stopLoss
    if (stop === undefined || stop === null) {
      this.reject(verdict, 'STOP_LOSS', 'STOP_LOSS: missing; opening trades need a stop-loss')
      return null
    }
    const entry = proposal.entryPrice
    // Exact, like the sizing that divides by it.
    const distance =
      proposal.side === 'long' ? new Exact(entry).minus(stop) : new Exact(stop).minus(entry)
    const detail = `side=${proposal.side} entry=${plain(entry)} stop_loss=${plain(stop)}`
    if (!distance.gt(ZERO)) {
      const where = proposal.side === 'long' ? 'below' : 'above'
      this.reject(verdict, 'STOP_LOSS', `STOP_LOSS: ${detail} must be ${where} the entry`)
      return null
    }
    this.pass(verdict, 'STOP_LOSS', `STOP_LOSS: ${detail}`)
    return { price: stop, distance }
  }

  private checkRewardRisk(verdict: Verdict, proposal: TradeProposal, stopDistance: Decimal): void {
    const target = proposal.takeProfit
    if (target === undefined || target === null) {
      if (this.settings.require_take_profit) {
        this.reject(verdict, 'REWARD_RISK', 'REWARD_RISK: missing take_profit, which is required')
      } else {
        verdict.checks.push(NO_TAKE_PROFIT)
      }
      return
    }
    const entry = proposal.entryPrice
    const reward = proposal.side === 'long' ? target.minus(entry) : entry.minus(target)
    if (!reward.gt(ZERO)) {
      const where = proposal.side === 'long' ? 'above' : 'below'
      this.reject(
        verdict,
        'REWARD_RISK',
        `REWARD_RISK: side=${proposal.side} entry=${plain(entry)} take_profit=${plain(target)} must be ${where} the entry`,
      )
      return
    }
    const ratio = reward.div(stopDistance).toDecimalPlaces(2, Decimal.ROUND_DOWN)
    const message = `REWARD_RISK: ratio=${plain(ratio)} minimum=${this.settings.min_reward_risk}`
    // Compared exactly: reward ≥ stop distance × minimum.
    if (reward.gte(new Exact(stopDistance).times(this.minRewardRisk)))
      this.pass(verdict, 'REWARD_RISK', message)
    else this.reject(verdict, 'REWARD_RISK', message)
  }

  /**
   * Runs the sizing rules in order, each lowering the size when it must; returns the final
   * size, or null when a rule refused.
   */
  private checkSizing(
    verdict: Verdict,
    proposal: TradeProposal,
    context: PortfolioContext,
    regime: RegimeContext | null,
    leverage: number,
    stop: StopLoss,
    symbol: SymbolInfo,
  ): Decimal | null {
    const entry = proposal.entryPrice
    const equity = new Exact(context.equity)

    // Position size: the risk budget over the loss per unit at the stop, capped by the
    // position value limit, scaled by the regime, and never above the cap. A stopped-out
    // trade pays the entry fee on the entry notional and the exit fee on the notional at the
    // stop, so each unit loses the stop distance plus fee × (entry + stop); at a 2 % stop
    // and 0.26 % a side, the fees alone are a quarter of the distance.
    const feeRate = this.feeRate(context)
    const lossPerUnit = new Exact(entry).plus(stop.price).times(feeRate).plus(stop.distance)
    const capSize = equity.times(this.maxPositionValueFraction).div(entry)
    // One quotient, so the budget is never rounded before it is divided.
    const riskSize = equity.times(this.riskFraction).div(lossPerUnit)
    const multiplier = this.regimeMultiplier(regime)
    let maxSize = riskSize.lt(capSize) ? riskSize : capSize
    if (multiplier !== null) {
      maxSize = maxSize.times(multiplier)
      if (maxSize.gt(capSize)) maxSize = capSize
    }
    const sizingDetail = `risk_size=${riskSize.toFixed(this.sizeDecimalPlaces, Decimal.ROUND_DOWN)} loss_per_unit=${plain(lossPerUnit)} fee_rate=${plain(feeRate)} cap_size=${capSize.toFixed(this.sizeDecimalPlaces, Decimal.ROUND_DOWN)} multiplier=${multiplier === null ? 1 : plain(multiplier)}`
    let size = proposal.size
    if (size === null) {
      size = this.roundDown(maxSize)
      if (!size.gt(ZERO)) {
        this.reject(verdict, 'POSITION_SIZE', `POSITION_SIZE: size=0 ${sizingDetail}`)
        return null
      }
      this.modify(verdict, 'POSITION_SIZE', `POSITION_SIZE: sized=${plain(size)} ${sizingDetail}`)
    } else {
      size = this.limitSize(verdict, 'POSITION_SIZE', size, maxSize, sizingDetail)
      if (size === null) return null
    }

    // Total exposure, in the quote asset, entries in flight included.
    const positions = positionsAndPendingEntries(context)
    let summedExposure: Decimal = new Exact(0)
    let groupExposure: Decimal = new Exact(0)
    for (const position of positions) {
      const notional = position.notional.isNeg() ? position.notional.neg() : position.notional
      summedExposure = summedExposure.plus(notional)
      const other = this.symbolInfo(position.symbol)
      if (other !== null && other.group === symbol.group)
        groupExposure = groupExposure.plus(notional)
    }
    const totalExposure = context.totalExposure ?? summedExposure
    size = this.limitExposure(
      verdict,
      'MAX_TOTAL_EXPOSURE',
      size,
      entry,
      totalExposure,
      equity.times(this.maxTotalExposureFraction),
      '',
    )
    if (size === null) return null

    // Correlated exposure: the symbol's group (BTC and XRP together by default).
    size = this.limitExposure(
      verdict,
      'MAX_CORRELATED_EXPOSURE',
      size,
      entry,
      groupExposure,
      equity.times(this.maxCorrelatedExposureFraction),
      ` group=${symbol.group}`,
    )
    if (size === null) return null
    return this.checkFunds(verdict, size, entry, proposal.side, leverage, context, symbol)
  }

  /**
   * The last two sizing rules: the free balance must fund the trade (the size is lowered
   * when it does not), and the value must reach the minimum. Returns the size, or null when
   * refused.
   */
  private checkFunds(
    verdict: Verdict,
    requested: Decimal,
    entry: Decimal,
    side: PositionSide,
    leverage: number,
    context: PortfolioContext,
    symbol: SymbolInfo,
  ): Decimal | null {
    const size =
      side === 'short' && leverage === 1 && !symbol.isContract
        ? this.checkSpotSellBalance(verdict, requested, entry, context, symbol)
        : this.checkQuoteBalance(verdict, requested, entry, leverage, context, symbol)
    if (size === null) return null

    const notional = new Exact(size).times(entry)
    const valueMessage = `MIN_POSITION_VALUE: value=${plain(notional)} minimum=${plain(this.minPositionValue)}`
    if (notional.lt(this.minPositionValue)) {
      this.reject(verdict, 'MIN_POSITION_VALUE', valueMessage)
      return null
    }
    this.pass(verdict, 'MIN_POSITION_VALUE', valueMessage)
    return size
  }

  /**
   * Longs, and shorts on margin (leverage > 1, or a contract): the quote asset's free
   * balance must cover the margin (notional ÷ leverage) plus the fee.
   */
  private checkQuoteBalance(
    verdict: Verdict,
    requested: Decimal,
    entry: Decimal,
    leverage: number,
    context: PortfolioContext,
    symbol: SymbolInfo,
  ): Decimal | null {
    const free = context.freeBalances[symbol.quote] ?? ZERO
    const feeRate = this.feeRate(context)
    const balanceDetail = `asset=${symbol.quote} free=${plain(free)} leverage=${leverage} fee_rate=${plain(feeRate)}`
    if (!free.gt(ZERO)) {
      this.reject(verdict, 'FREE_BALANCE', `FREE_BALANCE: ${balanceDetail}`)
      return null
    }
    // free ÷ (entry × (1/leverage + fee)) as one quotient, free × leverage ÷ (entry × (1 +
    // fee × leverage)): 1/3 on its own would already be rounded.
    const costPerLeveragedUnit = new Exact(feeRate).times(leverage).plus(1).times(entry)
    const maxSize = new Exact(free).times(leverage).div(costPerLeveragedUnit)
    return this.limitSize(verdict, 'FREE_BALANCE', requested, maxSize, balanceDetail)
  }

  /**
   * A short at leverage 1 on a spot pair is a plain sale: without margin the account can
   * only sell base asset it holds, so the base asset's free balance must cover the size
   * (the fee is paid in the quote asset, out of the proceeds). The size is lowered to the
   * free balance when that is still worth the minimum position value; otherwise refused.
   */
  private checkSpotSellBalance(
    verdict: Verdict,
    requested: Decimal,
    entry: Decimal,
    context: PortfolioContext,
    symbol: SymbolInfo,
  ): Decimal | null {
    const free = context.freeBalances[symbol.base] ?? ZERO
    if (requested.lte(free)) {
      this.pass(
        verdict,
        'FREE_BALANCE',
        `FREE_BALANCE: size=${plain(requested)} asset=${symbol.base} free=${plain(free)} leverage=1 spot_sell=true`,
      )
      return requested
    }
    const usable = free.gt(ZERO) ? this.roundDown(free) : ZERO
    if (!usable.gt(ZERO) || new Exact(usable).times(entry).lt(this.minPositionValue)) {
      this.reject(
        verdict,
        'FREE_BALANCE',
        `FREE_BALANCE: SPOT_SELL_NOT_FUNDED: symbol=${symbol.symbol} asset=${symbol.base} free=${plain(free)} required=${plain(requested)} leverage=1 min_position_value=${plain(this.minPositionValue)} (a short needs leverage > 1)`,
      )
      return null
    }
    this.modify(
      verdict,
      'FREE_BALANCE',
      `FREE_BALANCE: requested=${plain(requested)} applied=${plain(usable)} asset=${symbol.base} free=${plain(free)} leverage=1 spot_sell=true`,
    )
    return usable
  }

  /** Applies an exposure limit: the room left under `limit`, turned into a size at `entry`. */
  private limitExposure(
    verdict: Verdict,
    rule: 'MAX_TOTAL_EXPOSURE' | 'MAX_CORRELATED_EXPOSURE',
    size: Decimal,
    entry: Decimal,
    exposure: Decimal,
    limit: Decimal,
    extra: string,
  ): Decimal | null {
    const room = limit.minus(exposure)
    const detail = `exposure=${plain(exposure)} limit=${plain(limit)}${extra}`
    if (!room.gt(ZERO)) {
      this.reject(verdict, rule, `${rule}: ${detail} no room left`)
      return null
    }
    return this.limitSize(verdict, rule, size, room.div(entry), detail)
  }

  /**
   * Passes `size` when it is within `maxSize`; otherwise lowers it to `maxSize` rounded
   * down, or refuses when that rounds to nothing. Returns the size, or null when refused.
   */
  private limitSize(
    verdict: Verdict,
    rule: RiskRule,
    size: Decimal,
    maxSize: Decimal,
    detail: string,
  ): Decimal | null {
    if (size.lte(maxSize)) {
      this.pass(verdict, rule, `${rule}: size=${plain(size)} ${detail}`)
      return size
    }
    const reduced = this.roundDown(maxSize)
    if (!reduced.gt(ZERO)) {
      this.reject(verdict, rule, `${rule}: requested=${plain(size)} allowed=0 ${detail}`)
      return null
    }
    this.modify(
      verdict,
      rule,
      `${rule}: requested=${plain(size)} applied=${plain(reduced)} ${detail}`,
    )
    return reduced
  }

  /**
   * Returns the fee rate a trade pays on each side, as a fraction of notional: the account's
   * rate from the portfolio when it gives one, otherwise the configured `fee_pct`.
   */
  private feeRate(context: PortfolioContext): Decimal {
    return context.feeRate ?? this.defaultFeeRate
  }

  private roundDown(size: Decimal): Decimal {
    return new Decimal(size.toDecimalPlaces(this.sizeDecimalPlaces, Decimal.ROUND_DOWN))
  }

  /** Returns the regime's size multiplier clamped to the configured maximum, or null for 1. */
  private regimeMultiplier(regime: RegimeContext | null): Decimal | null {
    if (regime === null) return null
    const raw = regime.position_size_multiplier
    const clamped = Math.min(Math.max(raw, 0), this.settings.max_regime_size_multiplier)
    if (clamped === 1) return null
    let multiplier = this.multipliers.get(clamped)
    if (multiplier === undefined) {
      multiplier = new Decimal(clamped)
      if (this.multipliers.size < 1000) this.multipliers.set(clamped, multiplier)
    }
    return multiplier
  }

  private symbolInfo(symbol: string): SymbolInfo | null {
    let info = this.symbols.get(symbol)
    if (info !== undefined) return info
    const slash = symbol.indexOf('/')
    if (slash <= 0 || slash === symbol.length - 1) {
      info = null
    } else {
      const base = symbol.slice(0, slash)
      const colon = symbol.indexOf(':', slash)
      const quote = colon === -1 ? symbol.slice(slash + 1) : symbol.slice(slash + 1, colon)
      info = {
        symbol,
        base,
        quote,
        isContract: colon !== -1,
        group: this.groupOfAsset.get(base) ?? base,
      }
    }
    // Bounded: symbols come from configuration, but a flood of odd ones must not grow memory.
    if (this.symbols.size < 10_000) this.symbols.set(symbol, info)
    return info
  }

  private pass(verdict: Verdict, rule: RiskRule, message: string): void {
    verdict.checks.push({ rule, outcome: 'passed', message })
  }

  private modify(verdict: Verdict, rule: RiskRule, message: string): void {
    verdict.checks.push({ rule, outcome: 'modified', message })
    verdict.reasons.push(message)
    verdict.isModified = true
  }

  private reject(verdict: Verdict, rule: RiskRule, message: string): void {
    verdict.checks.push({ rule, outcome: 'rejected', message })
    verdict.reasons.push(message)
    verdict.isRejected = true
  }
}

/** Returns why a rebalance proposal cannot be judged, or null when it is sound. */
function invalidRebalanceInput(proposal: TradeProposal): string | null {
  if (proposal.action !== 'BUY' || proposal.side !== 'long') {
    return `action=${proposal.action} side=${proposal.side}; a rebalance trade is a spot BUY long or a reduce-only SELL`
  }
  if (proposal.leverage !== 1)
    return `leverage=${proposal.leverage}; rebalance trades are spot (leverage 1)`
  if (!proposal.entryPrice.gt(ZERO))
    return `entry_price=${plain(proposal.entryPrice)} must be positive`
  if (proposal.size === null || !proposal.size.gt(ZERO)) {
    return `size=${proposal.size === null ? 'none' : plain(proposal.size)}; a rebalance buy carries its positive size`
  }
  return null
}

/** Returns why an opening proposal or its context cannot be judged, or null when both are sound. */
function invalidInput(proposal: TradeProposal, context: PortfolioContext): string | null {
  if (proposal.action === 'BUY' && proposal.side !== 'long') {
    return `action=BUY side=${proposal.side}; BUY opens a long`
  }
  if (proposal.action === 'SELL' && proposal.side !== 'short') {
    return `action=SELL side=${proposal.side}; SELL opens a short unless reduce-only`
  }
  if (!proposal.entryPrice.gt(ZERO))
    return `entry_price=${plain(proposal.entryPrice)} must be positive`
  if (proposal.size !== null && !proposal.size.gt(ZERO)) {
    return `size=${plain(proposal.size)} must be positive`
  }
  if (proposal.stopLoss && !proposal.stopLoss.gt(ZERO)) {
    return `stop_loss=${plain(proposal.stopLoss)} must be positive`
  }
  if (proposal.takeProfit && !proposal.takeProfit.gt(ZERO)) {
    return `take_profit=${plain(proposal.takeProfit)} must be positive`
  }
  if (!Number.isInteger(proposal.leverage) || proposal.leverage < 1) {
    return `leverage=${proposal.leverage} must be a whole number of at least 1`
  }
  if (!(proposal.confidence >= 0 && proposal.confidence <= 1)) {
    return `confidence=${proposal.confidence} must be within 0..1`
  }
  if (!context.equity.gt(ZERO)) return `equity=${plain(context.equity)} must be positive`
  return null
}

/** The open positions and the entry orders that will become positions, as one list. */
function positionsAndPendingEntries(context: PortfolioContext): readonly OpenPosition[] {
  const pending = context.pendingEntries ?? []
  return pending.length === 0 ? context.openPositions : [...context.openPositions, ...pending]
}

/** The regime as the rules' messages name it; none reads as the limits applied instead. */
function regimeName(regime: RegimeContext | null): string {
  return regime === null ? 'none (most cautious limits)' : regime.regime
}
