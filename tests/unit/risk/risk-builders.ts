import Decimal from 'decimal.js'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  InMemoryRiskAlertPublisher,
  InMemoryRiskEventRecorder,
  InMemoryRiskStateRepository,
  RiskEngine,
  riskConfigSchema,
  type EntryStrictness,
  type MarketRegime,
  type OpenPosition,
  type PortfolioContext,
  type PositionSide,
  type RegimeContext,
  type RiskCheck,
  type RiskRule,
  type RiskStateRepository,
  type RiskValidation,
  type TradeAction,
  type TradeProposal,
} from '../../../src-main/engine/risk'

/** Monday 2025-01-06 12:00 UTC: mid-day, mid-week. */
export const MONDAY_NOON = Date.UTC(2025, 0, 6, 12)
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * Builds trade proposals. The default is an opening long on BTC/USDT at 50,000 with a
 * stop at 45,000 (distance 5,000) and a target at 60,000 (reward:risk 2), size 0.01
 * (500 USDT), leverage 1, confidence 0.8.
 */
export class ProposalBuilder {
  private readonly value: Mutable<TradeProposal> = {
    symbol: 'BTC/USDT',
    action: 'BUY',
    side: 'long',
    size: new Decimal('0.01'),
    entryPrice: new Decimal('50000'),
    stopLoss: new Decimal('45000'),
    takeProfit: new Decimal('60000'),
    leverage: 1,
    confidence: 0.8,
    correlationId: 'corr-1',
  }

  on(symbol: string): this {
    this.value.symbol = symbol
    return this
  }

  /** An opening short: SELL, side short, stop and target mirrored around the entry. */
  short(): this {
    const entry = this.value.entryPrice
    this.value.action = 'SELL'
    this.value.side = 'short'
    this.value.stopLoss = entry.times('1.1')
    this.value.takeProfit = entry.times('0.8')
    return this
  }

  action(action: TradeAction, side: PositionSide = this.value.side): this {
    this.value.action = action
    this.value.side = side
    return this
  }

  size(size: string | null): this {
    this.value.size = size === null ? null : new Decimal(size)
    return this
  }

  at(entryPrice: string): this {
    this.value.entryPrice = new Decimal(entryPrice)
    return this
  }

  stop(stopLoss: string | null): this {
    this.value.stopLoss = stopLoss === null ? null : new Decimal(stopLoss)
    return this
  }

  target(takeProfit: string | null): this {
    this.value.takeProfit = takeProfit === null ? null : new Decimal(takeProfit)
    return this
  }

  leverage(leverage: number): this {
    this.value.leverage = leverage
    return this
  }

  confidence(confidence: number): this {
    this.value.confidence = confidence
    return this
  }

  reduceOnly(): this {
    this.value.isReduceOnly = true
    return this
  }

  build(): TradeProposal {
    return { ...this.value }
  }
}

export const aProposal = (): ProposalBuilder => new ProposalBuilder()

/** Builds portfolio contexts; the default has equity 10,000 USDT, all of it free, no positions. */
export class PortfolioBuilder {
  private equityValue = new Decimal('10000')
  private readonly balances: Record<string, Decimal> = { USDT: new Decimal('10000') }
  private readonly positions: OpenPosition[] = []
  private readonly pending: OpenPosition[] = []
  private exposure: Decimal | null = null
  private fee: Decimal | null = null
  private unpriced: string[] = []

  equity(equity: string): this {
    this.equityValue = new Decimal(equity)
    return this
  }

  free(asset: string, amount: string | null): this {
    if (amount === null) delete this.balances[asset]
    else this.balances[asset] = new Decimal(amount)
    return this
  }

  /** Adds an open position worth `notional` USDT. */
  position(symbol: string, notional: string, side: PositionSide = 'long'): this {
    this.positions.push(worth(symbol, notional, side))
    return this
  }

  /** Adds an entry order in flight (no position yet) worth `notional` USDT. */
  pendingEntry(symbol: string, notional: string, side: PositionSide = 'long'): this {
    this.pending.push(worth(symbol, notional, side))
    return this
  }

  /** The unfilled rest of a part-filled entry, whose position is open already. */
  restOfPartFilledEntry(symbol: string, notional: string): this {
    this.pending.push({ ...worth(symbol, notional, 'long'), isRestOfOpenPosition: true })
    return this
  }

  positionsOf(symbol: string, count: number, notional = '100'): this {
    for (let index = 0; index < count; index++) this.position(symbol, notional)
    return this
  }

  totalExposure(exposure: string): this {
    this.exposure = new Decimal(exposure)
    return this
  }

  feeRate(rate: string): this {
    this.fee = new Decimal(rate)
    return this
  }

  /** Says the equity leaves out held assets of these markets for want of a price. */
  unpricedMarkets(...markets: string[]): this {
    this.unpriced = markets
    return this
  }

  build(): PortfolioContext {
    return {
      equity: this.equityValue,
      unpricedMarkets: [...this.unpriced],
      freeBalances: { ...this.balances },
      openPositions: [...this.positions],
      pendingEntries: [...this.pending],
      totalExposure: this.exposure,
      feeRate: this.fee,
    }
  }
}

export const aPortfolio = (): PortfolioBuilder => new PortfolioBuilder()

/** A position of `notional` USDT at an entry price of 100. */
function worth(symbol: string, notional: string, side: PositionSide): OpenPosition {
  const value = new Decimal(notional)
  return { symbol, side, size: value.div(100), entryPrice: new Decimal(100), notional: value }
}

/** Returns a regime input; multiplier 1 and normal strictness unless told otherwise. */
export function aRegime(
  regime: MarketRegime,
  options: { multiplier?: number; strictness?: EntryStrictness } = {},
): RegimeContext {
  return {
    regime,
    confidence: 0.8,
    position_size_multiplier: options.multiplier ?? 1,
    entry_strictness: options.strictness ?? 'normal',
  }
}

/** A risk engine on a virtual clock with in-memory ports, and those ports. */
export interface Harness {
  engine: RiskEngine
  clock: VirtualClock
  repository: RiskStateRepository
  recorder: InMemoryRiskEventRecorder
  publisher: InMemoryRiskAlertPublisher
  /** Builds a second engine from the same repository, as after a restart. */
  restart(): Promise<RiskEngine>
}

/** Builds a harness; `settings` are `risk:` keys overriding the defaults. */
export async function makeHarness(
  options: {
    settings?: Record<string, unknown>
    now?: number
    repository?: RiskStateRepository
  } = {},
): Promise<Harness> {
  const config = riskConfigSchema.parse({ risk: options.settings ?? {} })
  const clock = new VirtualClock(options.now ?? MONDAY_NOON)
  const repository = options.repository ?? new InMemoryRiskStateRepository()
  const recorder = new InMemoryRiskEventRecorder()
  const publisher = new InMemoryRiskAlertPublisher()
  const create = () =>
    RiskEngine.create({
      config,
      clock,
      logger: silentLogger(),
      stateRepository: repository,
      eventRecorder: recorder,
      alertPublisher: publisher,
    })
  const harness: Harness = {
    engine: await create(),
    clock,
    repository,
    recorder,
    publisher,
    restart: async () => {
      // The old engine's expiry timer would otherwise still fire on the shared clock.
      harness.engine.stop()
      await harness.engine.flush()
      harness.engine = await create()
      return harness.engine
    },
  }
  return harness
}

/** Returns the check a rule made, failing the test when the rule made none. */
export function checkOf(validation: RiskValidation, rule: RiskRule): RiskCheck {
  const check = validation.checks.find((candidate) => candidate.rule === rule)
  if (!check) {
    throw new Error(
      `no check for rule=${rule}; checks=${validation.checks.map((c) => c.rule).join(',')}`,
    )
  }
  return check
}
