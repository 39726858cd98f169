import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  RISK_RULES,
  toTradeProposalRecord,
  type TradeProposal,
} from '../../../src-main/engine/risk'
import { aPortfolio, checkOf, makeHarness } from './risk-builders'

/** A rebalance buy of 0.002 BTC at 40,000 ($80), as the portfolio proposes it. */
function aRebalanceBuy(overrides: Partial<TradeProposal> = {}): TradeProposal {
  return {
    symbol: 'BTC/USDT',
    action: 'BUY',
    side: 'long',
    size: new Decimal('0.002'),
    entryPrice: new Decimal('40000'),
    stopLoss: null,
    takeProfit: null,
    leverage: 1,
    confidence: 1,
    correlationId: 'rebalance-1',
    purpose: 'rebalance',
    ...overrides,
  }
}

const EXEMPT = [
  'MIN_CONFIDENCE',
  'MAX_POSITIONS_PER_SYMBOL',
  'MAX_TOTAL_POSITIONS',
  'LEVERAGE',
  'STOP_LOSS',
  'REWARD_RISK',
  'POSITION_SIZE',
  'MAX_TOTAL_EXPOSURE',
  'MAX_CORRELATED_EXPOSURE',
] as const

describe('rebalance buys', () => {
  it('are approved without a stop-loss, the speculative rules skipped, the funds checked', async () => {
    const { engine } = await makeHarness()
    const validation = engine.validate(aRebalanceBuy(), aPortfolio().build(), null)
    expect(validation.status).toBe('APPROVED')
    expect(validation.reasons).toEqual([])
    expect(validation.checks.map((check) => check.rule)).toEqual(RISK_RULES.slice(1))
    for (const rule of EXEMPT) {
      expect(checkOf(validation, rule)).toEqual({
        rule,
        outcome: 'skipped',
        message: `${rule}: not evaluated: rebalance buy (spot, sized to the target allocation)`,
      })
    }
    expect(checkOf(validation, 'FREE_BALANCE').outcome).toBe('passed')
    expect(checkOf(validation, 'MIN_POSITION_VALUE').message).toBe(
      'MIN_POSITION_VALUE: value=80 minimum=10',
    )
  })

  it('pass even with more open positions and exposure than a trade could have', async () => {
    const { engine } = await makeHarness()
    const crowded = aPortfolio().positionsOf('BTC/USDT', 5, '2000').build()
    expect(engine.validate(aRebalanceBuy(), crowded, null).status).toBe('APPROVED')
  })

  it('are lowered to what the free quote balance covers, fee included', async () => {
    const { engine } = await makeHarness()
    const poor = aPortfolio().free('USDT', '40.104').build()
    const validation = engine.validate(aRebalanceBuy(), poor, null)
    expect(validation.status).toBe('MODIFIED')
    // 40.104 / (40,000 × 1.0026) = 0.001
    expect(validation.proposal.size?.toFixed()).toBe('0.001')
    expect(validation.reasons).toEqual([
      'FREE_BALANCE: requested=0.002 applied=0.001 asset=USDT free=40.104 leverage=1 fee_rate=0.0026',
    ])
    expect(validation.proposal.purpose).toBe('rebalance')
  })

  it.each([
    [
      'no free quote balance',
      aPortfolio().free('USDT', null).build(),
      aRebalanceBuy(),
      'FREE_BALANCE: asset=USDT free=0',
    ],
    [
      'a value below the minimum',
      aPortfolio().build(),
      aRebalanceBuy({ size: new Decimal('0.0002') }),
      'MIN_POSITION_VALUE: value=8 minimum=10',
    ],
  ])('are refused with %s', async (_name, context, proposal, reason) => {
    const { engine } = await makeHarness()
    const validation = engine.validate(proposal, context, null)
    expect(validation.status).toBe('REJECTED')
    expect(validation.reasons[0]).toContain(reason)
  })

  it.each([
    [
      'a sell that is not reduce-only',
      { action: 'SELL' as const },
      'action=SELL side=long; a rebalance trade is a spot BUY long or a reduce-only SELL',
    ],
    [
      'a short',
      { side: 'short' as const },
      'action=BUY side=short; a rebalance trade is a spot BUY long or a reduce-only SELL',
    ],
    ['leverage', { leverage: 2 }, 'leverage=2; rebalance trades are spot (leverage 1)'],
    ['no size', { size: null }, 'size=none; a rebalance buy carries its positive size'],
    ['a zero size', { size: new Decimal(0) }, 'size=0; a rebalance buy carries its positive size'],
    ['a zero price', { entryPrice: new Decimal(0) }, 'entry_price=0 must be positive'],
    ['a symbol without quote', { symbol: 'BTC' }, 'symbol=BTC is not BASE/QUOTE'],
  ])('are refused as invalid input with %s', async (_name, overrides, detail) => {
    const { engine } = await makeHarness()
    const validation = engine.validate(aRebalanceBuy(overrides), aPortfolio().build(), null)
    expect(validation.status).toBe('REJECTED')
    expect(validation.reasons).toEqual([`INPUT: ${detail}`])
    expect(validation.checks).toHaveLength(RISK_RULES.length - 1)
    expect(validation.checks.slice(1).every((check) => check.outcome === 'skipped')).toBe(true)
  })

  it('are blocked by a tripped circuit breaker', async () => {
    const { engine } = await makeHarness()
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 6 })
    const validation = engine.validate(aRebalanceBuy(), aPortfolio().build(), null)
    expect(validation.status).toBe('REJECTED')
    expect(validation.reasons[0]).toMatch(/^CIRCUIT_BREAKER: breaker=volatility/)
    expect(checkOf(validation, 'FREE_BALANCE').outcome).toBe('skipped')
    expect(checkOf(validation, 'MIN_POSITION_VALUE').outcome).toBe('skipped')
  })

  it('are blocked by a cooldown and by a paused symbol', async () => {
    const { engine } = await makeHarness()
    for (let index = 0; index < 3; index++) {
      await engine.recordTradeResult({ symbol: 'BTC/USDT', realizedPnl: new Decimal(-1) })
    }
    await engine.pauseSymbol('BTC/USDT', { reason: 'manual' })
    const validation = engine.validate(aRebalanceBuy(), aPortfolio().build(), null)
    expect(validation.reasons).toEqual([
      'COOLDOWN: consecutive_losses=3 until=2025-01-06T13:00:00.000Z',
      'SYMBOL_PAUSED: symbol=BTC/USDT until=resumed reason=manual',
    ])
  })
})

describe('rebalance sells', () => {
  it('pass as reduce-only trades, even while a breaker is tripped', async () => {
    const { engine } = await makeHarness()
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 6 })
    const sell = aRebalanceBuy({ action: 'SELL', isReduceOnly: true })
    const validation = engine.validate(sell, aPortfolio().build(), null)
    expect(validation.status).toBe('APPROVED')
    expect(validation.checks.map((check) => check.rule)).toEqual(['CLOSING_TRADE'])
  })
})

describe('trade proposal records', () => {
  it('carry the purpose of a rebalance trade only', () => {
    expect(toTradeProposalRecord(aRebalanceBuy()).purpose).toBe('rebalance')
    const speculative = toTradeProposalRecord(aRebalanceBuy({ purpose: 'trade' }))
    expect('purpose' in speculative).toBe(false)
  })
})
