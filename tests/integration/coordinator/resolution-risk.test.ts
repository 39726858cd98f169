import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { TradeProposal } from '../../../src-main/engine/coordinator'
import { answer, type ModelStep } from '../../fakes/coordinator/coordinator-fakes'
import {
  aCoordinator,
  publishRegime,
  publishSentiment,
  publishTa,
  settle,
} from '../../fakes/coordinator/coordinator-harness'
import { makeHarness } from '../../unit/risk/risk-builders'

/*
 * A conflict resolution's `modify` against the real risk engine (risk.yaml defaults: 1 %
 * of equity at risk per trade, 20 % of equity per position, 5 % daily loss). The portfolio
 * is 10,000 USDT; the signal buys BTC/USDT at the market price of 45,250 with a 2 % stop
 * (905 a unit) and a 4 % target. A modification may only reach the exchange as a trade the
 * risk engine has validated, and never with an entry price moved away from the market.
 */

const MARKET_PRICE = '45250'
const EQUITY = new Decimal(10_000)
/** risk_per_trade_pct of the equity: the most one trade may lose at its stop, fees included. */
const RISK_BUDGET = EQUITY.mul('0.01')
/** risk.yaml's fee_pct (0.26 %) a side: the fake portfolio gives no fee rate of its own. */
const FEE_RATE = new Decimal('0.0026')

async function withRealRisk(primary: ModelStep[]) {
  const harness = aCoordinator({ primary })
  const risk = await makeHarness()
  harness.risk.verdict = (proposal, context, regime) =>
    risk.engine.validate(proposal, context, regime)
  await harness.coordinator.start()
  await settle(harness.clock)
  harness.bus.publish({
    topic: 'market_data',
    source: 'market',
    payload: { symbol: 'BTC/USDT', price: MARKET_PRICE },
  })
  publishTa(harness)
  publishRegime(harness)
  return { ...harness, riskEngine: risk.engine }
}

/**
 * What the long loses if the market reaches its stop: the price move, the entry fee on the
 * entry notional and the exit fee on the notional at the stop.
 */
function lossAtStop(proposal: TradeProposal): Decimal {
  const size = proposal.size as Decimal
  const stop = proposal.stopLoss as Decimal
  const entryNotional = proposal.entryPrice.mul(size)
  const exitNotional = stop.mul(size)
  return entryNotional.minus(exitNotional).plus(entryNotional.plus(exitNotional).mul(FEE_RATE))
}

describe('a modify resolution against the real risk engine', () => {
  it('refuses a signal conflict resolution that moves the entry price away from the market', async () => {
    const harness = await withRealRisk([
      answer('modify', { modifications: { entry_price: '4525' } }),
    ])
    publishSentiment(harness)
    const outcome = await harness.signal({ entry_price: undefined, confidence: 0.9 })
    expect(outcome).toMatchObject({
      outcome: 'resolution_refused',
      conflicts: ['ta_sentiment'],
      detail:
        'RESOLUTION_REFUSED: field=entry_price given=4525 reference=45250 reference_source=market' +
        ' (a resolution may not move the entry price) resolution=modify model=deepseek',
    })
    // Sized at 4,525 the risk engine would have approved 0.22 BTC, 10,000 USDT at the market.
    expect(harness.risk.calls).toHaveLength(0)
    expect(harness.executor.calls).toHaveLength(0)
    expect(harness.memoryLog.entries[0]).toMatchObject({
      action: 'modify',
      modifications: { entry_price: '4525' },
    })
    expect(harness.coordinator.status().statistics).toMatchObject({
      signals_resolution_refused: 1,
    })
  })

  it('refuses a risk modification resolution that moves the entry price', async () => {
    const harness = await withRealRisk([
      answer('modify', { modifications: { entry_price: '4525' } }),
    ])
    // 30 % of equity: the risk engine cuts it to the 20 % position cap, a 33 % change.
    const outcome = await harness.signal({ position_size_pct: 30, confidence: 0.9 })
    expect(outcome).toMatchObject({
      outcome: 'resolution_refused',
      conflicts: ['risk_modification'],
      risk_status: 'MODIFIED',
    })
    // Re-sized at 4,525 it would have passed again as 0.442 BTC, 20,000 USDT at the market.
    expect(harness.risk.calls).toHaveLength(1)
    expect(harness.executor.calls).toHaveLength(0)
  })

  it('keeps an entry price the resolution only restates', async () => {
    const harness = await withRealRisk([
      answer('modify', { modifications: { entry_price: '45250.00', position_size_pct: 5 } }),
    ])
    publishSentiment(harness)
    expect(await harness.signal({ confidence: 0.9 })).toMatchObject({ outcome: 'executed' })
    const sent = harness.executor.calls[0]?.proposal
    expect(sent?.entryPrice.toFixed()).toBe(MARKET_PRICE)
    expect(sent?.size?.toFixed()).toBe(new Decimal(500).div(MARKET_PRICE).toFixed())
  })

  it('validates a wider stop again: the size shrinks so the loss stays within the risk budget', async () => {
    const harness = await withRealRisk([
      answer('modify', { modifications: { stop_loss_pct: 10, take_profit_pct: 20 } }),
    ])
    const outcome = await harness.signal({ position_size_pct: 30, confidence: 0.9 })
    expect(outcome).toMatchObject({ outcome: 'executed', conflicts: ['risk_modification'] })
    expect(harness.risk.calls).toHaveLength(2)
    const sent = harness.executor.calls[0]?.proposal as TradeProposal
    expect(sent.stopLoss?.toFixed()).toBe('40725')
    // 100 USDT at risk ÷ (4,525 + 0.0026 × (45,250 + 40,725)) = 100 ÷ 4,748.535 a unit
    // = 0.021059126…, where the approved 2 % stop allowed the 0.0442 BTC of the value cap.
    expect(sent.size?.toFixed()).toBe('0.02105912')
    expect(lossAtStop(sent).lte(RISK_BUDGET)).toBe(true)
    // Tight: one more unit of the last size decimal would lose more than the budget.
    expect(
      lossAtStop({ ...sent, size: sent.size?.plus('0.00000001') ?? null }).gt(RISK_BUDGET),
    ).toBe(true)
  })

  it('validates a size raised back above the risk engine cut again: the cut holds', async () => {
    const harness = await withRealRisk([
      answer('modify', { modifications: { position_size_pct: 25 } }),
    ])
    await harness.signal({ position_size_pct: 30, confidence: 0.9 })
    const [first, second] = harness.risk.calls
    expect(second?.proposal.size?.gt(first?.proposal.size as Decimal)).toBe(false)
    const sent = harness.executor.calls[0]?.proposal as TradeProposal
    // The 20 % position cap: 2,000 USDT.
    expect(sent.size?.toFixed()).toBe('0.04419889')
    expect(sent.size?.mul(MARKET_PRICE).lte(EQUITY.mul('0.2'))).toBe(true)
  })

  it('validates a modified trade against the circuit breakers as they are after the resolution', async () => {
    const harness = await withRealRisk([
      { ...answer('modify', { modifications: { position_size_pct: 15 } }), afterMs: 1_000 },
    ])
    harness.bus.publish({
      topic: 'trading_signals',
      source: 'trading_decision',
      payload: {
        symbol: 'BTC/USDT',
        action: 'BUY',
        confidence: 0.9,
        stop_loss_pct: 2,
        take_profit_pct: 4,
        position_size_pct: 30,
        leverage: 1,
      },
    })
    await settle(harness.clock)
    // A 6 % loss elsewhere trips the 5 % daily loss breaker while the model deliberates.
    await harness.riskEngine.recordTradeResult({
      symbol: 'XRP/USDT',
      realizedPnl: new Decimal(-600),
    })
    await harness.clock.advance(1_000)
    await harness.coordinator.whenIdle()
    expect(harness.eventsOf('signal_processed').at(-1)).toMatchObject({
      outcome: 'risk_rejected',
      conflicts: ['risk_modification'],
      risk_status: 'REJECTED',
    })
    expect(String(harness.eventsOf('signal_processed').at(-1)?.detail)).toMatch(
      /^CIRCUIT_BREAKER: breaker=daily_loss/,
    )
    expect(harness.executor.calls).toHaveLength(0)
  })
})
