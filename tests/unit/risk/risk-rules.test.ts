import Decimal from 'decimal.js'
import { beforeEach, describe, expect, it } from 'vitest'
import type {
  PortfolioContext,
  RegimeContext,
  RiskCheckOutcome,
  RiskRule,
  TradeProposal,
} from '../../../src-main/engine/risk'
import { aPortfolio, aProposal, aRegime, checkOf, makeHarness, type Harness } from './risk-builders'

interface RuleCase {
  name: string
  proposal: TradeProposal
  context?: PortfolioContext
  regime?: RegimeContext | null
  settings?: Record<string, unknown>
  outcome: RiskCheckOutcome
  /** Text the rule's message must contain. */
  message?: string
  /** The size of the returned proposal, when the case is about sizing. */
  size?: string
  leverage?: number
}

let harness: Harness

beforeEach(async () => {
  harness = await makeHarness()
})

/** Validates a case and checks the named rule's outcome, message, and the resulting size. */
async function expectRule(rule: RiskRule, item: RuleCase): Promise<void> {
  const target = item.settings ? await makeHarness({ settings: item.settings }) : harness
  const result = target.engine.validate(
    item.proposal,
    item.context ?? aPortfolio().build(),
    item.regime ?? null,
  )
  const check = checkOf(result, rule)
  expect(check.outcome).toBe(item.outcome)
  if (item.message !== undefined) expect(check.message).toContain(item.message)
  expect(check.message.startsWith(`${rule}: `)).toBe(true)
  if (item.outcome === 'rejected') {
    expect(result.status).toBe('REJECTED')
    expect(result.reasons).toContain(check.message)
  }
  if (item.outcome === 'modified') {
    expect(result.status).toBe('MODIFIED')
    expect(result.reasons).toContain(check.message)
  }
  if (item.outcome === 'passed' || item.outcome === 'skipped') {
    expect(result.reasons).not.toContain(check.message)
  }
  if (item.size !== undefined) expect(result.proposal.size?.toFixed()).toBe(item.size)
  if (item.leverage !== undefined) expect(result.proposal.leverage).toBe(item.leverage)
}

describe('a sound proposal', () => {
  it('is approved unchanged, with one passed or skipped check per rule in rule order', () => {
    const proposal = aProposal().build()
    const result = harness.engine.validate(proposal, aPortfolio().build(), null)
    expect(result.status).toBe('APPROVED')
    expect(result.proposal).toBe(proposal)
    expect(result.reasons).toEqual([])
    expect(result.checks.map((check) => check.rule)).toEqual([
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
    ])
    expect(result.checks.every((check) => check.outcome === 'passed')).toBe(true)
  })

  it('lists every gate that refuses, and skips the sizing rules', () => {
    const result = harness.engine.validate(
      aProposal().confidence(0.1).stop(null).build(),
      aPortfolio().positionsOf('BTC/USDT', 2).build(),
      null,
    )
    expect(result.status).toBe('REJECTED')
    expect(result.reasons.map((reason) => reason.split(':')[0])).toEqual([
      'MIN_CONFIDENCE',
      'MAX_POSITIONS_PER_SYMBOL',
      'STOP_LOSS',
    ])
    for (const rule of [
      'POSITION_SIZE',
      'MAX_TOTAL_EXPOSURE',
      'MAX_CORRELATED_EXPOSURE',
      'FREE_BALANCE',
      'MIN_POSITION_VALUE',
    ] as const) {
      expect(checkOf(result, rule).outcome).toBe('skipped')
    }
  })
})

describe('INPUT', () => {
  it.each<RuleCase>([
    { name: 'a sound proposal', proposal: aProposal().build(), outcome: 'passed' },
    {
      name: 'BUY on the short side',
      proposal: aProposal().action('BUY', 'short').build(),
      outcome: 'rejected',
      message: 'action=BUY side=short',
    },
    {
      name: 'SELL on the long side',
      proposal: aProposal().action('SELL', 'long').build(),
      outcome: 'rejected',
      message: 'action=SELL side=long',
    },
    {
      name: 'a zero entry price',
      proposal: aProposal().at('0').build(),
      outcome: 'rejected',
      message: 'entry_price=0 must be positive',
    },
    {
      name: 'a zero size',
      proposal: aProposal().size('0').build(),
      outcome: 'rejected',
      message: 'size=0 must be positive',
    },
    {
      name: 'a negative size',
      proposal: aProposal().size('-0.1').build(),
      outcome: 'rejected',
      message: 'size=-0.1 must be positive',
    },
    {
      name: 'a negative stop-loss',
      proposal: aProposal().stop('-1').build(),
      outcome: 'rejected',
      message: 'stop_loss=-1 must be positive',
    },
    {
      name: 'a zero take-profit',
      proposal: aProposal().target('0').build(),
      outcome: 'rejected',
      message: 'take_profit=0 must be positive',
    },
    {
      name: 'leverage 0',
      proposal: aProposal().leverage(0).build(),
      outcome: 'rejected',
      message: 'leverage=0 must be a whole number',
    },
    {
      name: 'fractional leverage',
      proposal: aProposal().leverage(1.5).build(),
      outcome: 'rejected',
      message: 'leverage=1.5',
    },
    {
      name: 'confidence above 1',
      proposal: aProposal().confidence(1.2).build(),
      outcome: 'rejected',
      message: 'confidence=1.2 must be within 0..1',
    },
    {
      name: 'confidence NaN',
      proposal: aProposal().confidence(Number.NaN).build(),
      outcome: 'rejected',
      message: 'confidence=NaN',
    },
    {
      name: 'a symbol without a quote',
      proposal: aProposal().on('BTCUSDT').build(),
      outcome: 'rejected',
      message: 'symbol=BTCUSDT is not BASE/QUOTE',
    },
    {
      name: 'zero equity',
      proposal: aProposal().build(),
      context: aPortfolio().equity('0').build(),
      outcome: 'rejected',
      message: 'equity=0 must be positive',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('INPUT', item)
  })

  it('skips every other rule when the input is invalid', () => {
    const result = harness.engine.validate(
      aProposal().leverage(0).build(),
      aPortfolio().build(),
      null,
    )
    expect(result.checks[0]?.outcome).toBe('rejected')
    expect(result.checks.slice(1).every((check) => check.outcome === 'skipped')).toBe(true)
    expect(result.reasons).toHaveLength(1)
  })
})

describe('CLOSING_TRADE', () => {
  it.each([
    { name: 'a CLOSE', proposal: aProposal().action('CLOSE').size(null).stop(null).build() },
    {
      name: 'a reduce-only SELL of a long',
      proposal: aProposal().action('SELL', 'long').reduceOnly().stop(null).build(),
    },
    {
      name: 'a CLOSE with low confidence and huge leverage',
      proposal: aProposal().action('CLOSE').confidence(0).leverage(50).build(),
    },
  ])('approves $name without the entry rules', ({ proposal }) => {
    const result = harness.engine.validate(
      proposal,
      aPortfolio().positionsOf('BTC/USDT', 2).build(),
      aRegime('choppy'),
    )
    expect(result.status).toBe('APPROVED')
    expect(result.proposal).toBe(proposal)
    expect(result.checks).toEqual([
      {
        rule: 'CLOSING_TRADE',
        outcome: 'passed',
        message: 'CLOSING_TRADE: closing and reduce-only trades are always allowed',
      },
    ])
  })

  it('rejects a close with a non-positive size', () => {
    const result = harness.engine.validate(
      aProposal().action('CLOSE').size('-1').build(),
      aPortfolio().build(),
      null,
    )
    expect(result.status).toBe('REJECTED')
    expect(result.reasons).toEqual(['INPUT: size=-1 must be positive'])
  })
})

describe('MIN_CONFIDENCE', () => {
  it.each<RuleCase>([
    {
      name: 'BUY at the minimum',
      proposal: aProposal().confidence(0.6).build(),
      regime: aRegime('trending_bull'),
      outcome: 'passed',
      message:
        'MIN_CONFIDENCE: action=BUY confidence=0.6 minimum=0.6 regime=trending_bull entry_strictness=normal',
    },
    {
      name: 'BUY below the minimum',
      proposal: aProposal().confidence(0.59).build(),
      regime: aRegime('trending_bull'),
      outcome: 'rejected',
      message: 'confidence=0.59 minimum=0.6',
    },
    {
      name: 'SELL at the minimum',
      proposal: aProposal().short().confidence(0.6).build(),
      regime: aRegime('trending_bear'),
      outcome: 'passed',
      message: 'action=SELL confidence=0.6 minimum=0.6',
    },
    {
      name: 'no regime reading: the most cautious addition (choppy, +0.1)',
      proposal: aProposal().confidence(0.69).build(),
      outcome: 'rejected',
      message:
        'MIN_CONFIDENCE: action=BUY confidence=0.69 minimum=0.7 regime=none (most cautious limits) entry_strictness=none',
    },
    {
      name: 'no regime reading, at that minimum',
      proposal: aProposal().confidence(0.7).build(),
      outcome: 'passed',
    },
    {
      name: 'SELL below the minimum',
      proposal: aProposal().short().confidence(0.5).build(),
      outcome: 'rejected',
    },
    {
      name: 'choppy raises the minimum by 0.1',
      proposal: aProposal().confidence(0.69).build(),
      regime: aRegime('choppy'),
      outcome: 'rejected',
      message: 'minimum=0.7 regime=choppy entry_strictness=normal',
    },
    {
      name: 'choppy at the raised minimum',
      proposal: aProposal().confidence(0.7).build(),
      regime: aRegime('choppy'),
      outcome: 'passed',
    },
    {
      name: 'strict entries raise it by 0.1',
      proposal: aProposal().confidence(0.69).build(),
      regime: aRegime('trending_bull', { strictness: 'strict' }),
      outcome: 'rejected',
      message: 'minimum=0.7 regime=trending_bull entry_strictness=strict',
    },
    {
      name: 'very strict entries raise it by 0.2',
      proposal: aProposal().confidence(0.8).build(),
      regime: aRegime('ranging', { strictness: 'very_strict' }),
      outcome: 'passed',
      message: 'minimum=0.8',
    },
    {
      name: 'regime and strictness add up',
      proposal: aProposal().confidence(0.74).build(),
      regime: aRegime('volatile_bull', { strictness: 'strict' }),
      outcome: 'rejected',
      message: 'minimum=0.75',
    },
    {
      name: 'relaxed entries do not lower it',
      proposal: aProposal().confidence(0.59).build(),
      regime: aRegime('trending_bull', { strictness: 'relaxed' }),
      outcome: 'rejected',
      message: 'minimum=0.6',
    },
    {
      name: 'the minimum never exceeds 1',
      proposal: aProposal().confidence(1).build(),
      regime: aRegime('choppy', { strictness: 'very_strict' }),
      settings: { min_confidence: { BUY: 0.95 } },
      outcome: 'passed',
      message: 'minimum=1',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('MIN_CONFIDENCE', item)
  })
})

describe('position counts', () => {
  it.each<RuleCase>([
    {
      name: 'one open on the symbol',
      proposal: aProposal().build(),
      context: aPortfolio().positionsOf('BTC/USDT', 1).build(),
      outcome: 'passed',
      message: 'MAX_POSITIONS_PER_SYMBOL: symbol=BTC/USDT open=1 limit=2',
    },
    {
      name: 'two open on the symbol',
      proposal: aProposal().build(),
      context: aPortfolio().positionsOf('BTC/USDT', 2).build(),
      outcome: 'rejected',
      message: 'MAX_POSITIONS_PER_SYMBOL: symbol=BTC/USDT open=2 limit=2',
    },
    {
      name: 'two open on another symbol',
      proposal: aProposal().build(),
      context: aPortfolio().positionsOf('XRP/USDT', 2).build(),
      outcome: 'passed',
      message: 'open=0 limit=2',
    },
    {
      name: 'one open and one entry in flight on the symbol',
      proposal: aProposal().build(),
      context: aPortfolio().positionsOf('BTC/USDT', 1).pendingEntry('BTC/USDT', '100').build(),
      outcome: 'rejected',
      message: 'MAX_POSITIONS_PER_SYMBOL: symbol=BTC/USDT open=2 limit=2',
    },
    {
      name: 'one open with the unfilled rest of its entry',
      proposal: aProposal().build(),
      context: aPortfolio()
        .positionsOf('BTC/USDT', 1)
        .restOfPartFilledEntry('BTC/USDT', '100')
        .build(),
      outcome: 'passed',
      message: 'MAX_POSITIONS_PER_SYMBOL: symbol=BTC/USDT open=1 limit=2',
    },
  ])('MAX_POSITIONS_PER_SYMBOL, $name: $outcome', async (item) => {
    await expectRule('MAX_POSITIONS_PER_SYMBOL', item)
  })

  it.each<RuleCase>([
    {
      name: 'four open',
      proposal: aProposal().build(),
      context: aPortfolio().positionsOf('ETH/USDT', 2).positionsOf('SOL/USDT', 2).build(),
      outcome: 'passed',
      message: 'MAX_TOTAL_POSITIONS: open=4 limit=5',
    },
    {
      name: 'five open',
      proposal: aProposal().build(),
      context: aPortfolio()
        .positionsOf('ETH/USDT', 2)
        .positionsOf('SOL/USDT', 2)
        .positionsOf('ADA/USDT', 1)
        .build(),
      outcome: 'rejected',
      message: 'MAX_TOTAL_POSITIONS: open=5 limit=5',
    },
    {
      name: 'a configured lower limit',
      proposal: aProposal().build(),
      context: aPortfolio().positionsOf('ETH/USDT', 1).build(),
      settings: { position_limits: { max_total: 1 } },
      outcome: 'rejected',
      message: 'open=1 limit=1',
    },
  ])('MAX_TOTAL_POSITIONS, $name: $outcome', async (item) => {
    await expectRule('MAX_TOTAL_POSITIONS', item)
  })
})

describe('LEVERAGE', () => {
  it.each<RuleCase>([
    {
      name: '1x without regime',
      proposal: aProposal().leverage(1).build(),
      outcome: 'passed',
      message: 'LEVERAGE: leverage=1 cap=1 regime=none (most cautious limits)',
      leverage: 1,
    },
    {
      name: '5x without regime: the lowest regime cap',
      proposal: aProposal().leverage(5).build(),
      outcome: 'modified',
      message:
        'LEVERAGE: requested=5 applied=1 cap=1 system_max=5 regime=none (most cautious limits)',
      leverage: 1,
    },
    {
      name: '5x when trending bull',
      proposal: aProposal().leverage(5).build(),
      regime: aRegime('trending_bull'),
      outcome: 'passed',
      message: 'LEVERAGE: leverage=5 cap=5 regime=trending_bull',
      leverage: 5,
    },
    {
      name: '7x above the system maximum',
      proposal: aProposal().leverage(7).build(),
      regime: aRegime('trending_bull'),
      outcome: 'modified',
      message: 'LEVERAGE: requested=7 applied=5 cap=5 system_max=5 regime=trending_bull',
      leverage: 5,
    },
    {
      name: '3x when choppy',
      proposal: aProposal().leverage(3).build(),
      regime: aRegime('choppy'),
      outcome: 'modified',
      message: 'requested=3 applied=1 cap=1',
      leverage: 1,
    },
    {
      name: '2x when volatile_bull',
      proposal: aProposal().leverage(2).build(),
      regime: aRegime('volatile_bull'),
      outcome: 'passed',
      leverage: 2,
    },
    {
      name: '3x when volatile_bear',
      proposal: aProposal().leverage(3).build(),
      regime: aRegime('volatile_bear'),
      outcome: 'modified',
      leverage: 2,
    },
    {
      name: '4x when ranging',
      proposal: aProposal().leverage(4).build(),
      regime: aRegime('ranging'),
      outcome: 'modified',
      leverage: 3,
    },
    {
      name: '5x when trending_bull',
      proposal: aProposal().leverage(5).build(),
      regime: aRegime('trending_bull'),
      outcome: 'passed',
      leverage: 5,
    },
    {
      name: 'a regime cap above a lowered system maximum',
      proposal: aProposal().leverage(3).build(),
      regime: aRegime('trending_bull'),
      settings: { max_leverage: 2 },
      outcome: 'modified',
      message: 'applied=2 cap=2 system_max=2',
      leverage: 2,
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('LEVERAGE', item)
  })
})

describe('STOP_LOSS', () => {
  it.each<RuleCase>([
    {
      name: 'a long with its stop below the entry',
      proposal: aProposal().build(),
      outcome: 'passed',
      message: 'STOP_LOSS: side=long entry=50000 stop_loss=45000',
    },
    {
      name: 'a long without a stop',
      proposal: aProposal().stop(null).build(),
      outcome: 'rejected',
      message: 'STOP_LOSS: missing; opening trades need a stop-loss',
    },
    {
      name: 'a long with its stop at the entry',
      proposal: aProposal().stop('50000').build(),
      outcome: 'rejected',
      message: 'must be below the entry',
    },
    {
      name: 'a long with its stop above the entry',
      proposal: aProposal().stop('51000').build(),
      outcome: 'rejected',
    },
    {
      name: 'a short with its stop above the entry',
      proposal: aProposal().short().build(),
      outcome: 'passed',
      message: 'side=short entry=50000 stop_loss=55000',
    },
    {
      name: 'a short with its stop below the entry',
      proposal: aProposal().short().stop('45000').build(),
      outcome: 'rejected',
      message: 'must be above the entry',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('STOP_LOSS', item)
  })
})

describe('REWARD_RISK', () => {
  it.each<RuleCase>([
    {
      name: 'reward:risk 2',
      proposal: aProposal().build(),
      outcome: 'passed',
      message: 'REWARD_RISK: ratio=2 minimum=1.5',
    },
    {
      name: 'exactly the minimum',
      proposal: aProposal().target('57500').build(),
      outcome: 'passed',
      message: 'ratio=1.5',
    },
    {
      name: 'below the minimum',
      proposal: aProposal().target('57000').build(),
      outcome: 'rejected',
      message: 'REWARD_RISK: ratio=1.4 minimum=1.5',
    },
    {
      name: 'a long target below the entry',
      proposal: aProposal().target('49000').build(),
      outcome: 'rejected',
      message: 'take_profit=49000 must be above the entry',
    },
    {
      name: 'a short with reward:risk 2',
      proposal: aProposal().short().build(),
      outcome: 'passed',
      message: 'ratio=2',
    },
    {
      name: 'a short target above the entry',
      proposal: aProposal().short().target('51000').build(),
      outcome: 'rejected',
      message: 'must be below the entry',
    },
    {
      name: 'no target',
      proposal: aProposal().target(null).build(),
      outcome: 'skipped',
      message: 'no take_profit; reward:risk not checked',
    },
    {
      name: 'no target when one is required',
      proposal: aProposal().target(null).build(),
      settings: { require_take_profit: true },
      outcome: 'rejected',
      message: 'missing take_profit, which is required',
    },
    {
      name: 'a configured minimum of 3',
      proposal: aProposal().build(),
      settings: { min_reward_risk: 3 },
      outcome: 'rejected',
      message: 'ratio=2 minimum=3',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('REWARD_RISK', item)
  })
})

describe('POSITION_SIZE', () => {
  // Equity 10,000, risk 1 % = 100 over the loss per unit at the stop: the distance of 5,000
  // plus both fees, 0.0026 × (50,000 + 45,000) = 247, so 100 ÷ 5,247 = 0.019058509… BTC;
  // cap 20 % = 2,000 → 0.04 BTC.
  it.each<RuleCase>([
    {
      name: 'a size within the risk budget',
      proposal: aProposal().size('0.01').build(),
      outcome: 'passed',
      message:
        'POSITION_SIZE: size=0.01 risk_size=0.01905850 loss_per_unit=5247 fee_rate=0.0026 cap_size=0.04000000 multiplier=1',
      size: '0.01',
    },
    {
      name: 'no size: sized from the risk budget',
      proposal: aProposal().size(null).build(),
      outcome: 'modified',
      message: 'POSITION_SIZE: sized=0.0190585',
      size: '0.0190585',
    },
    {
      name: 'exactly the risk budget',
      proposal: aProposal().size('0.0190585').build(),
      outcome: 'passed',
      size: '0.0190585',
    },
    {
      name: 'one unit of the last decimal above the risk budget',
      proposal: aProposal().size('0.01905851').build(),
      outcome: 'modified',
      message: 'POSITION_SIZE: requested=0.01905851 applied=0.0190585',
      size: '0.0190585',
    },
    {
      name: 'a size above the risk budget',
      proposal: aProposal().size('0.05').build(),
      outcome: 'modified',
      message: 'POSITION_SIZE: requested=0.05 applied=0.0190585',
      size: '0.0190585',
    },
    {
      name: 'a tight stop: capped by the position value',
      // 100 ÷ (1,000 + 0.0026 × (50,000 + 49,000)) = 100 ÷ 1,257.4 = 0.079529187… > 0.04
      proposal: aProposal().size(null).stop('49000').build(),
      outcome: 'modified',
      message:
        'sized=0.04 risk_size=0.07952918 loss_per_unit=1257.4 fee_rate=0.0026 cap_size=0.04000000',
      size: '0.04',
    },
    {
      name: 'a regime multiplier of 0.5',
      // 0.019058509… × 0.5 = 0.009529254…
      proposal: aProposal().size(null).build(),
      regime: aRegime('trending_bull', { multiplier: 0.5 }),
      outcome: 'modified',
      message: 'multiplier=0.5',
      size: '0.00952925',
    },
    {
      name: 'a regime multiplier of 0.5 under the value cap',
      proposal: aProposal().size(null).stop('49000').build(),
      regime: aRegime('trending_bull', { multiplier: 0.5 }),
      outcome: 'modified',
      size: '0.02',
    },
    {
      name: 'a regime multiplier above 1 is clamped to the shipped 1: the budget holds',
      proposal: aProposal().size(null).build(),
      regime: aRegime('trending_bull', { multiplier: 1.5 }),
      outcome: 'modified',
      message: 'multiplier=1',
      size: '0.0190585',
    },
    {
      name: 'a regime multiplier of 1.5 where the config allows it',
      // 0.019058509… × 1.5 = 0.028587764…
      proposal: aProposal().size(null).build(),
      regime: aRegime('trending_bull', { multiplier: 1.5 }),
      settings: { max_regime_size_multiplier: 1.5 },
      outcome: 'modified',
      size: '0.02858776',
    },
    {
      name: 'a regime multiplier never lifts the size above the value cap',
      proposal: aProposal().size(null).stop('49000').build(),
      regime: aRegime('trending_bull', { multiplier: 1.5 }),
      outcome: 'modified',
      size: '0.04',
    },
    {
      name: 'a regime multiplier above the configured maximum is clamped',
      proposal: aProposal().size(null).build(),
      regime: aRegime('trending_bull', { multiplier: 3 }),
      settings: { max_regime_size_multiplier: 1.5 },
      outcome: 'modified',
      message: 'multiplier=1.5',
      size: '0.02858776',
    },
    {
      name: 'a regime multiplier of 0',
      proposal: aProposal().size(null).build(),
      regime: aRegime('trending_bull', { multiplier: 0 }),
      outcome: 'rejected',
      message: 'POSITION_SIZE: size=0',
    },
    {
      name: 'sizes are rounded down to the configured decimals',
      proposal: aProposal().size(null).stop('47000').build(),
      settings: { size_decimal_places: 4 },
      outcome: 'modified',
      // 100 ÷ (3,000 + 0.0026 × (50,000 + 47,000)) = 100 ÷ 3,252.2 = 0.030748…
      size: '0.0307',
    },
    {
      // The cap of 2,000 USDT is 6,666.666… XRP at 0.3: cut at the 18th decimal, not rounded
      // up at the 20th digit into a size worth 2,000.000000000000000001. The risk size is
      // above it: 100 ÷ (0.01 + 0.0026 × (0.3 + 0.29)) = 100 ÷ 0.011534 = 8,670.019074…
      name: 'a size is never rounded up, even at 18 decimals',
      proposal: aProposal().on('XRP/USDT').at('0.3').stop('0.29').target('0.4').size(null).build(),
      settings: { size_decimal_places: 18 },
      outcome: 'modified',
      message:
        'sized=6666.666666666666666666 risk_size=8670.019074041962892318 loss_per_unit=0.011534 fee_rate=0.0026 cap_size=6666.666666666666666666',
      size: '6666.666666666666666666',
    },
    {
      name: 'a requested size one unit of the last decimal above the cap is lowered',
      proposal: aProposal()
        .on('XRP/USDT')
        .at('0.3')
        .stop('0.29')
        .target('0.4')
        .size('6666.666666666666666667')
        .build(),
      settings: { size_decimal_places: 18 },
      outcome: 'modified',
      size: '6666.666666666666666666',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('POSITION_SIZE', item)
  })
})

describe('POSITION_SIZE counts the entry and exit fees', () => {
  /** The value cap raised to 50 %, so that the risk budget alone sizes these trades. */
  const UNCAPPED = { max_position_value_pct: 50 }
  const BUDGET = new Decimal(100)

  /**
   * What the trade loses when stopped out, from its fills: the price move, the entry fee on
   * the entry notional and the exit fee on the notional at the stop.
   */
  function lossWhenStoppedOut(proposal: TradeProposal, size: Decimal, feeRate: Decimal): Decimal {
    const entryNotional = proposal.entryPrice.times(size)
    const exitNotional = (proposal.stopLoss as Decimal).times(size)
    const move =
      proposal.side === 'long'
        ? entryNotional.minus(exitNotional)
        : exitNotional.minus(entryNotional)
    return move.plus(entryNotional.plus(exitNotional).times(feeRate))
  }

  it.each([
    {
      side: 'long',
      // 100 ÷ (1,000 + 0.0026 × (50,000 + 49,000)) = 100 ÷ 1,257.4 = 0.079529187…
      proposal: aProposal().stop('49000').size(null).build(),
      lossPerUnit: '1257.4',
      size: '0.07952918',
    },
    {
      side: 'short',
      // 100 ÷ (1,000 + 0.0026 × (50,000 + 51,000)) = 100 ÷ 1,262.6 = 0.079201647…; a spot
      // sell, so the account holds the BTC it sells.
      proposal: aProposal().short().stop('51000').size(null).build(),
      lossPerUnit: '1262.6',
      size: '0.07920164',
    },
  ])(
    'sizes a $side at a 2 % stop so that the stopped-out loss with both fees is the budget',
    async ({ proposal, lossPerUnit, size }) => {
      const { engine } = await makeHarness({ settings: UNCAPPED })
      const result = engine.validate(proposal, aPortfolio().free('BTC', '1').build(), null)
      expect(result.status, result.reasons.join('; ')).toBe('MODIFIED')
      expect(checkOf(result, 'POSITION_SIZE').message).toContain(
        `sized=${size} risk_size=${size} loss_per_unit=${lossPerUnit} fee_rate=0.0026`,
      )
      const sized = result.proposal.size as Decimal
      expect(sized.toFixed()).toBe(size)
      const feeRate = new Decimal('0.0026')
      // Within the budget, and to the size rounding on it: one more 10^-8 BTC would exceed it.
      expect(lossWhenStoppedOut(proposal, sized, feeRate).lte(BUDGET)).toBe(true)
      expect(lossWhenStoppedOut(proposal, sized.plus('1e-8'), feeRate).gt(BUDGET)).toBe(true)
      // Sized by the 1,000 stop distance alone (0.1 BTC) the same stop would have lost
      // more than a quarter above the budget.
      expect(lossWhenStoppedOut(proposal, new Decimal('0.1'), feeRate).gt(125)).toBe(true)
    },
  )

  it("uses the portfolio's fee rate over fee_pct", async () => {
    const { engine } = await makeHarness({ settings: { ...UNCAPPED, fee_pct: 0.26 } })
    const proposal = aProposal().stop('49000').size(null).build()
    const result = engine.validate(proposal, aPortfolio().feeRate('0.001').build(), null)
    // 100 ÷ (1,000 + 0.001 × (50,000 + 49,000)) = 100 ÷ 1,099 = 0.090991810…
    expect(checkOf(result, 'POSITION_SIZE').message).toContain(
      'sized=0.09099181 risk_size=0.09099181 loss_per_unit=1099 fee_rate=0.001',
    )
    // The funds check reads the same rate.
    expect(checkOf(result, 'FREE_BALANCE').message).toContain('fee_rate=0.001')
    const sized = result.proposal.size as Decimal
    expect(lossWhenStoppedOut(proposal, sized, new Decimal('0.001')).lte(BUDGET)).toBe(true)
  })

  it('uses fee_pct when the portfolio gives no fee rate', async () => {
    const { engine } = await makeHarness({ settings: { ...UNCAPPED, fee_pct: 0.1 } })
    const result = engine.validate(
      aProposal().stop('49000').size(null).build(),
      aPortfolio().build(),
      null,
    )
    // 100 ÷ (1,000 + 0.001 × (50,000 + 49,000)) = 0.090991810…, as above.
    expect(checkOf(result, 'POSITION_SIZE').message).toContain(
      'sized=0.09099181 risk_size=0.09099181 loss_per_unit=1099 fee_rate=0.001',
    )
  })

  it('sizes by the stop distance alone at a fee rate of zero', async () => {
    const { engine } = await makeHarness({ settings: UNCAPPED })
    const result = engine.validate(
      aProposal().stop('49000').size(null).build(),
      aPortfolio().feeRate('0').build(),
      null,
    )
    // 100 ÷ 1,000 = 0.1
    expect(checkOf(result, 'POSITION_SIZE').message).toContain(
      'sized=0.1 risk_size=0.10000000 loss_per_unit=1000 fee_rate=0',
    )
  })
})

describe('MAX_TOTAL_EXPOSURE', () => {
  // Limit: 80 % of 10,000 = 8,000.
  it.each<RuleCase>([
    {
      name: 'room left',
      proposal: aProposal().size('0.01').build(),
      context: aPortfolio().position('ETH/USDT', '3000').position('SOL/USDT', '3000').build(),
      outcome: 'passed',
      message: 'MAX_TOTAL_EXPOSURE: size=0.01 exposure=6000 limit=8000',
    },
    {
      // 0.01 × 50,000 = 500, the room left; within the risk size of 0.0190585 (see POSITION_SIZE).
      name: 'exactly the room left',
      proposal: aProposal().size('0.01').build(),
      context: aPortfolio().position('ETH/USDT', '3000').position('SOL/USDT', '4500').build(),
      outcome: 'passed',
      message: 'size=0.01 exposure=7500 limit=8000',
      size: '0.01',
    },
    {
      name: 'short positions count by their absolute notional',
      proposal: aProposal().size('0.015').build(),
      context: aPortfolio()
        .position('ETH/USDT', '4000')
        .position('SOL/USDT', '-3500', 'short')
        .build(),
      outcome: 'modified',
      message: 'requested=0.015 applied=0.01 exposure=7500 limit=8000',
      size: '0.01',
    },
    {
      name: 'no room left',
      proposal: aProposal().build(),
      context: aPortfolio().position('ETH/USDT', '4000').position('SOL/USDT', '4000').build(),
      outcome: 'rejected',
      message: 'exposure=8000 limit=8000 no room left',
    },
    {
      name: "the portfolio's own total exposure",
      proposal: aProposal().build(),
      context: aPortfolio().totalExposure('7800').build(),
      outcome: 'modified',
      message: 'applied=0.004 exposure=7800',
      size: '0.004',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('MAX_TOTAL_EXPOSURE', item)
  })
})

describe('MAX_CORRELATED_EXPOSURE', () => {
  // Limit: 50 % of 10,000 = 5,000 for BTC and XRP together. Requested sizes stay within the
  // risk size of 0.0190585 (see POSITION_SIZE), so only this rule lowers them.
  it.each<RuleCase>([
    {
      name: 'room left in the group',
      proposal: aProposal().size('0.01').build(),
      context: aPortfolio().position('XRP/USDT', '3000').build(),
      outcome: 'passed',
      message: 'MAX_CORRELATED_EXPOSURE: size=0.01 exposure=3000 limit=5000 group=majors',
    },
    {
      name: 'XRP counts against BTC',
      proposal: aProposal().size('0.015').build(),
      context: aPortfolio().position('XRP/USDT', '4500').build(),
      outcome: 'modified',
      message: 'requested=0.015 applied=0.01 exposure=4500',
      size: '0.01',
    },
    {
      name: 'the group is full',
      proposal: aProposal().build(),
      context: aPortfolio().position('BTC/USDT', '2500').position('XRP/USDT', '2500').build(),
      outcome: 'rejected',
      message: 'exposure=5000 limit=5000 group=majors no room left',
    },
    {
      name: 'an entry in flight counts as it will be a position',
      proposal: aProposal().size('0.015').build(),
      context: aPortfolio().position('BTC/USDT', '2500').pendingEntry('XRP/USDT', '2000').build(),
      outcome: 'modified',
      message: 'requested=0.015 applied=0.01 exposure=4500',
      size: '0.01',
    },
    {
      name: 'assets outside the group do not count',
      proposal: aProposal().size('0.02').build(),
      context: aPortfolio().position('ETH/USDT', '4800').build(),
      outcome: 'passed',
      message: 'exposure=0 limit=5000 group=majors',
    },
    {
      name: 'an asset outside every group is its own group',
      proposal: aProposal()
        .on('ETH/USDT')
        .at('2500')
        .stop('2250')
        .target('3000')
        .size('0.2')
        .build(),
      context: aPortfolio().position('ETH/USDT', '4800').position('BTC/USDT', '1000').build(),
      outcome: 'modified',
      message: 'applied=0.08 exposure=4800 limit=5000 group=ETH',
      size: '0.08',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('MAX_CORRELATED_EXPOSURE', item)
  })
})

describe('FREE_BALANCE', () => {
  it.each<RuleCase>([
    {
      name: 'plenty of quote balance',
      proposal: aProposal().size('0.01').build(),
      outcome: 'passed',
      message: 'FREE_BALANCE: size=0.01 asset=USDT free=10000 leverage=1 fee_rate=0.0026',
    },
    {
      name: 'the fee tips it over',
      // 0.015 × 50,000 = 750 fits, but × (1 + 0.0026) = 751.95 > 750 → 750 / 50,130 = 0.014961101…
      proposal: aProposal().size('0.015').build(),
      context: aPortfolio().free('USDT', '750').build(),
      outcome: 'modified',
      message: 'requested=0.015 applied=0.0149611',
      size: '0.0149611',
    },
    {
      name: 'leverage needs less margin',
      // Margin needs a regime that allows leverage (none allows only 1×).
      regime: aRegime('trending_bull'),
      // 0.015 × 50,000 × (1/2 + 0.0026) = 376.95 ≤ 380, where leverage 1 needs 751.95
      proposal: aProposal().size('0.015').leverage(2).build(),
      context: aPortfolio().free('USDT', '380').build(),
      outcome: 'passed',
      message: 'leverage=2',
    },
    {
      name: "the portfolio's fee rate",
      // 505 / (50,000 × 1.01) = 0.01
      proposal: aProposal().size('0.02').build(),
      context: aPortfolio().free('USDT', '505').feeRate('0.01').build(),
      outcome: 'modified',
      message: 'applied=0.01 asset=USDT free=505 leverage=1 fee_rate=0.01',
      size: '0.01',
    },
    {
      name: "margin at leverage 3 is a third, never rounded in the trade's favour",
      regime: aRegime('trending_bull'),
      settings: { size_decimal_places: 18 },
      // 1,000 × 3 / (0.3 × (1 + 0.0026 × 3)) = 9,922.6037… XRP; 1/3 rounded first gave more.
      proposal: aProposal()
        .on('XRP/USDT')
        .at('0.3')
        .stop('0.29')
        .target('0.4')
        .size('20000')
        .leverage(3)
        .build(),
      context: aPortfolio().equity('100000').free('USDT', '1000').build(),
      outcome: 'modified',
      size: '9922.603691208573129589',
    },
    {
      name: 'no quote balance',
      proposal: aProposal().build(),
      context: aPortfolio().free('USDT', '0').build(),
      outcome: 'rejected',
      message: 'FREE_BALANCE: asset=USDT free=0',
    },
    {
      name: 'the quote asset is missing',
      proposal: aProposal().build(),
      context: aPortfolio().free('USDT', null).free('USD', '10000').build(),
      outcome: 'rejected',
      message: 'asset=USDT free=0',
    },
    {
      name: 'a settle suffix names the same quote',
      proposal: aProposal().on('BTC/USDT:USDT').build(),
      outcome: 'passed',
      message: 'asset=USDT',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('FREE_BALANCE', item)
  })
})

describe('FREE_BALANCE for shorts', () => {
  // The default short: SELL BTC/USDT at 50,000, stop 55,000, target 40,000, size 0.01.
  it.each<RuleCase>([
    {
      name: 'a spot sell covered by the free base balance',
      proposal: aProposal().short().build(),
      context: aPortfolio().free('BTC', '1').build(),
      outcome: 'passed',
      message: 'FREE_BALANCE: size=0.01 asset=BTC free=1 leverage=1 spot_sell=true',
      size: '0.01',
    },
    {
      name: 'a spot sell of exactly the free base balance, with no quote balance',
      proposal: aProposal().short().build(),
      context: aPortfolio().free('USDT', '0').free('BTC', '0.01').build(),
      outcome: 'passed',
      message: 'size=0.01 asset=BTC free=0.01',
    },
    {
      name: 'a spot sell lowered to the free base balance',
      proposal: aProposal().short().stop('51000').size('0.0377').build(),
      context: aPortfolio().free('BTC', '0.02').build(),
      outcome: 'modified',
      message:
        'FREE_BALANCE: requested=0.0377 applied=0.02 asset=BTC free=0.02 leverage=1 spot_sell=true',
      size: '0.02',
    },
    {
      name: 'a spot sell lowered to the base balance rounded down to 8 decimals',
      proposal: aProposal().short().stop('51000').size('0.0377').build(),
      context: aPortfolio().free('BTC', '0.0012345678').build(),
      outcome: 'modified',
      message: 'applied=0.00123456 asset=BTC free=0.0012345678',
      size: '0.00123456',
    },
    {
      name: 'a spot sell lowered to a base balance worth exactly the minimum value',
      // 0.0002 × 50,000 = 10
      proposal: aProposal().short().stop('51000').size('0.0377').build(),
      context: aPortfolio().free('BTC', '0.0002').build(),
      outcome: 'modified',
      size: '0.0002',
    },
    {
      name: 'an unsized spot sell, sized by risk then lowered to the base balance',
      // risk size 10,000 × 1 % ÷ (5,000 + 0.0026 × (50,000 + 55,000)) = 100 ÷ 5,273
      // = 0.018964536…, then the 0.005 BTC held
      proposal: aProposal().short().size(null).build(),
      context: aPortfolio().free('BTC', '0.005').build(),
      outcome: 'modified',
      message: 'requested=0.01896453 applied=0.005 asset=BTC',
      size: '0.005',
    },
    {
      name: 'a spot sell without the base asset',
      proposal: aProposal().short().stop('51000').size('0.0377').build(),
      outcome: 'rejected',
      message:
        'FREE_BALANCE: SPOT_SELL_NOT_FUNDED: symbol=BTC/USDT asset=BTC free=0 required=0.0377 leverage=1 min_position_value=10 (a short needs leverage > 1)',
    },
    {
      name: 'a spot sell with a base balance of zero',
      proposal: aProposal().short().build(),
      context: aPortfolio().free('BTC', '0').build(),
      outcome: 'rejected',
      message: 'SPOT_SELL_NOT_FUNDED: symbol=BTC/USDT asset=BTC free=0 required=0.01',
    },
    {
      name: 'a spot sell with base dust worth less than the minimum value',
      // 0.00019999 × 50,000 = 9.9995 < 10
      proposal: aProposal().short().stop('51000').size('0.0377').build(),
      context: aPortfolio().free('BTC', '0.00019999').build(),
      outcome: 'rejected',
      message: 'SPOT_SELL_NOT_FUNDED: symbol=BTC/USDT asset=BTC free=0.00019999 required=0.0377',
    },
    {
      name: 'a spot sell with base dust that rounds to nothing',
      proposal: aProposal().short().build(),
      context: aPortfolio().free('BTC', '0.000000001').build(),
      settings: { min_position_value: '0' },
      outcome: 'rejected',
      message: 'SPOT_SELL_NOT_FUNDED: symbol=BTC/USDT asset=BTC free=0.000000001 required=0.01',
    },
    {
      name: 'a short capped to leverage 1 by the regime is a spot sell',
      proposal: aProposal().short().leverage(4).build(),
      regime: aRegime('choppy'),
      outcome: 'rejected',
      message: 'SPOT_SELL_NOT_FUNDED: symbol=BTC/USDT asset=BTC free=0 required=0.01 leverage=1',
    },
    {
      name: 'a margin short needs quote margin, not the base asset',
      // Margin needs a regime that allows leverage (none allows only 1×).
      regime: aRegime('trending_bull'),
      // 0.015 × 50,000 × (1/2 + 0.0026) = 376.95 ≤ 380
      proposal: aProposal().short().size('0.015').leverage(2).build(),
      context: aPortfolio().free('USDT', '380').build(),
      outcome: 'passed',
      message: 'FREE_BALANCE: size=0.015 asset=USDT free=380 leverage=2 fee_rate=0.0026',
    },
    {
      name: 'a margin short lowered to the quote margin',
      // Margin needs a regime that allows leverage (none allows only 1×).
      regime: aRegime('trending_bull'),
      // 300 / (50,000 × (1/2 + 0.0026)) = 300 / 25,130 = 0.011937922…
      proposal: aProposal().short().size('0.015').leverage(2).build(),
      context: aPortfolio().free('USDT', '300').free('BTC', '1').build(),
      outcome: 'modified',
      message: 'requested=0.015 applied=0.01193792 asset=USDT free=300 leverage=2',
      size: '0.01193792',
    },
    {
      name: 'a margin short without quote balance',
      // Margin needs a regime that allows leverage (none allows only 1×).
      regime: aRegime('trending_bull'),
      proposal: aProposal().short().leverage(2).build(),
      context: aPortfolio().free('USDT', '0').free('BTC', '1').build(),
      outcome: 'rejected',
      message: 'FREE_BALANCE: asset=USDT free=0 leverage=2',
    },
    {
      name: 'a short on a contract is collateralised in its settle currency at leverage 1',
      proposal: aProposal().on('BTC/USDT:USDT').short().build(),
      outcome: 'passed',
      message: 'FREE_BALANCE: size=0.01 asset=USDT free=10000 leverage=1 fee_rate=0.0026',
    },
    {
      name: 'a long needs the quote asset even when the base asset is held',
      proposal: aProposal().build(),
      context: aPortfolio().free('USDT', '0').free('BTC', '1').build(),
      outcome: 'rejected',
      message: 'FREE_BALANCE: asset=USDT free=0 leverage=1',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('FREE_BALANCE', item)
  })

  it.each([
    { name: 'a reduce-only sell', proposal: aProposal().short().reduceOnly().build() },
    { name: 'a close', proposal: aProposal().short().action('CLOSE').build() },
  ])('approves $name without the base asset', ({ proposal }) => {
    const result = harness.engine.validate(proposal, aPortfolio().build(), null)
    expect(result.status).toBe('APPROVED')
    expect(result.checks.map((check) => check.rule)).toEqual(['CLOSING_TRADE'])
  })

  it('refuses the replayed unfunded spot sell with the value rule not reached', () => {
    const result = harness.engine.validate(
      aProposal().short().stop('51000').size('0.0377').build(),
      aPortfolio().build(),
      null,
    )
    expect(result.status).toBe('REJECTED')
    expect(result.proposal.size?.toFixed()).toBe('0.0377')
    expect(result.reasons).toEqual([
      'FREE_BALANCE: SPOT_SELL_NOT_FUNDED: symbol=BTC/USDT asset=BTC free=0 required=0.0377 leverage=1 min_position_value=10 (a short needs leverage > 1)',
    ])
  })

  it('approves a spot sell lowered to the base balance once it is re-validated', () => {
    const context = aPortfolio().free('BTC', '0.0012345678').build()
    const first = harness.engine.validate(
      aProposal().short().stop('51000').size('0.0377').build(),
      context,
      null,
    )
    expect(first.status).toBe('MODIFIED')
    expect(checkOf(first, 'MIN_POSITION_VALUE').outcome).toBe('passed')
    const again = harness.engine.validate(first.proposal, context, null)
    expect(again.status).toBe('APPROVED')
  })
})

describe('MIN_POSITION_VALUE', () => {
  it.each<RuleCase>([
    {
      name: 'exactly the minimum',
      proposal: aProposal().size('0.0002').build(),
      outcome: 'passed',
      message: 'MIN_POSITION_VALUE: value=10 minimum=10',
    },
    {
      name: 'below the minimum',
      proposal: aProposal().size('0.0001').build(),
      outcome: 'rejected',
      message: 'MIN_POSITION_VALUE: value=5 minimum=10',
    },
    {
      name: 'a reduction that leaves too little',
      proposal: aProposal().size('0.01').build(),
      context: aPortfolio().free('USDT', '5').build(),
      outcome: 'rejected',
    },
  ])('$name: $outcome', async (item) => {
    await expectRule('MIN_POSITION_VALUE', item)
  })

  it('rejects a reduction that rounds to nothing', async () => {
    const result = harness.engine.validate(
      aProposal().size('0.01').build(),
      aPortfolio().free('USDT', '0.0000001').build(),
      null,
    )
    expect(checkOf(result, 'FREE_BALANCE').outcome).toBe('rejected')
    expect(checkOf(result, 'FREE_BALANCE').message).toContain('requested=0.01 allowed=0')
  })
})

describe('a modified proposal', () => {
  it('keeps every other field and reports each change', () => {
    const proposal = aProposal().size(null).leverage(4).build()
    const result = harness.engine.validate(proposal, aPortfolio().build(), aRegime('choppy'))
    expect(result.status).toBe('MODIFIED')
    // 100 ÷ (5,000 + 0.0026 × (50,000 + 45,000)) = 0.019058509… (see POSITION_SIZE)
    expect(result.proposal).toEqual({ ...proposal, size: new Decimal('0.0190585'), leverage: 1 })
    expect(result.reasons.map((reason) => reason.split(':')[0])).toEqual([
      'LEVERAGE',
      'POSITION_SIZE',
    ])
  })
})
