import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { answer } from '../../fakes/coordinator/coordinator-fakes'
import {
  aCoordinator,
  aSignal,
  cutOnceThenApprove,
  publishRegime,
  publishSentiment,
  publishTa,
  settle,
  type HarnessOptions,
} from '../../fakes/coordinator/coordinator-harness'
import { aCircuitBreakerAlert } from '../../helpers/circuit-breaker-alert'

async function started(options: HarnessOptions = {}) {
  const harness = aCoordinator(options)
  await harness.coordinator.start()
  await settle(harness.clock)
  return harness
}

describe('signal pipeline: what is ignored', () => {
  it('ignores HOLD without asking risk or execution', async () => {
    const harness = await started()
    expect(await harness.signal({ action: 'HOLD' })).toBeNull()
    expect(harness.risk.calls).toHaveLength(0)
    expect(harness.executor.calls).toHaveLength(0)
    expect(harness.coordinator.status().statistics).toMatchObject({
      signals_received: 1,
      signals_ignored_hold: 1,
    })
  })

  it.each(['PAUSED', 'HALTED'] as const)('ignores BUY and SELL while %s', async (state) => {
    const harness = await started()
    if (state === 'PAUSED') harness.coordinator.pause()
    else harness.coordinator.halt('test')
    expect(await harness.signal({ action: 'BUY' })).toMatchObject({
      outcome: 'ignored_state',
      detail: `state=${state}`,
    })
    expect(await harness.signal({ action: 'SELL' })).toMatchObject({ outcome: 'ignored_state' })
    expect(harness.executor.calls).toHaveLength(0)
  })

  it('still closes positions while HALTED, without conflict resolution', async () => {
    const harness = await started()
    harness.portfolio.context = {
      ...harness.portfolio.context,
      openPositions: [
        {
          symbol: 'BTC/USDT',
          side: 'long',
          size: new Decimal('0.1'),
          entryPrice: new Decimal('40000'),
          notional: new Decimal('4525'),
        },
      ],
    }
    publishRegime(harness, { regime: 'choppy' })
    harness.coordinator.halt('breaker')
    expect(await harness.signal({ action: 'CLOSE' })).toMatchObject({
      outcome: 'executed',
      conflicts: [],
    })
    expect(harness.executor.calls[0]?.proposal).toMatchObject({
      action: 'CLOSE',
      side: 'long',
      isReduceOnly: true,
    })
    expect(harness.primary.calls).toHaveLength(0)
  })

  it('ignores opening signals of a paused symbol only', async () => {
    const harness = await started()
    harness.coordinator.pauseSymbol('BTC/USDT', 'manual')
    expect(await harness.signal()).toMatchObject({
      outcome: 'ignored_symbol_paused',
      detail: 'symbol=BTC/USDT paused',
    })
    expect(await harness.signal({ symbol: 'XRP/USDT', entry_price: '0.6' })).toMatchObject({
      outcome: 'executed',
    })
  })
})

describe('signal pipeline: signal → consensus → risk → execution', () => {
  it('executes a clean signal with the consensus-boosted confidence and one correlation id', async () => {
    const harness = await started()
    publishTa(harness, { bias: 'long', confidence: 0.8 })
    publishRegime(harness, { regime: 'trending_bull', confidence: 0.6 })
    const outcome = await harness.signal({ confidence: 0.7 }, 'corr-signal-1')
    expect(outcome).toMatchObject({
      outcome: 'executed',
      risk_status: 'APPROVED',
      order_id: 'order-1',
      conflicts: [],
    })
    // 2 of 2 agree: × (1 + 0.3 × 0.7) = 1.21 → 0.847.
    const [riskCall] = harness.risk.calls
    expect(riskCall?.proposal.confidence).toBe(0.847)
    expect(riskCall?.proposal.correlationId).toBe('corr-signal-1')
    expect(riskCall?.regime).toEqual({
      regime: 'trending_bull',
      confidence: 0.6,
      position_size_multiplier: 1,
      entry_strictness: 'normal',
    })
    expect(riskCall?.proposal.size?.toFixed()).toBe(new Decimal(1000).div(45250).toFixed())
    expect(harness.executor.calls[0]?.correlationId).toBe('corr-signal-1')
    const processed = harness.events.filter(
      (event) => event.payload.event_type === 'signal_processed',
    )
    expect(processed.at(-1)?.correlationId).toBe('corr-signal-1')
    expect(harness.coordinator.status().statistics).toMatchObject({ signals_executed: 1 })
  })

  it('caps the boosted confidence at 1 and generates a correlation id when the signal has none', async () => {
    const harness = await started()
    publishTa(harness, { confidence: 1 })
    publishRegime(harness, { confidence: 1 })
    await harness.signal({ confidence: 0.9 })
    expect(harness.risk.calls[0]?.proposal.confidence).toBe(1)
    expect(harness.executor.calls[0]?.correlationId).toMatch(/^id-\d+$/)
  })

  it('reduces confidence when the agents disagree', async () => {
    const harness = await started()
    publishTa(harness, { bias: 'short', confidence: 0.8 })
    publishRegime(harness, { regime: 'trending_bear', confidence: 0.8 })
    await harness.signal({ confidence: 0.5 })
    // 0 of 2 agree: × (1 − 0.15 × 0.8) = 0.88 → 0.44.
    expect(harness.risk.calls[0]?.proposal.confidence).toBe(0.44)
  })

  it('stops at a risk rejection, with the reasons', async () => {
    const harness = await started()
    harness.risk.verdict = (proposal) => ({
      status: 'REJECTED',
      proposal,
      reasons: ['MAX_POSITIONS_PER_SYMBOL: symbol=BTC/USDT open=2 limit=2'],
    })
    expect(await harness.signal()).toMatchObject({
      outcome: 'risk_rejected',
      detail: 'MAX_POSITIONS_PER_SYMBOL: symbol=BTC/USDT open=2 limit=2',
      risk_status: 'REJECTED',
    })
    expect(harness.executor.calls).toHaveLength(0)
  })

  it('rejects the trade when the risk gate throws', async () => {
    const harness = await started()
    harness.risk.verdict = () => {
      throw new Error('risk state corrupt')
    }
    expect(await harness.signal()).toMatchObject({
      outcome: 'risk_rejected',
      detail: 'RISK_ERROR: risk state corrupt',
    })
  })

  it('makes no proposal without a portfolio or a price', async () => {
    const harness = await started()
    harness.portfolio.failWith = 'balances unavailable'
    expect(await harness.signal()).toMatchObject({
      outcome: 'no_proposal',
      detail: 'PORTFOLIO: balances unavailable',
    })
    harness.portfolio.failWith = null
    expect(await harness.signal({ entry_price: undefined })).toMatchObject({
      outcome: 'no_proposal',
      detail: 'NO_PRICE: symbol=BTC/USDT no entry_price and no market price',
    })
    harness.bus.publish({
      topic: 'market_data',
      source: 'market',
      payload: { symbol: 'BTC/USDT', price: '45100.5' },
    })
    expect(await harness.signal({ entry_price: undefined })).toMatchObject({ outcome: 'executed' })
    expect(harness.executor.calls[0]?.proposal.entryPrice.toFixed()).toBe('45100.5')
  })

  it('executes a slightly modified proposal as modified, without a conflict', async () => {
    const harness = await started()
    harness.risk.verdict = (proposal) => ({
      status: 'MODIFIED',
      proposal: { ...proposal, size: (proposal.size as Decimal).mul('0.8') },
      reasons: ['POSITION_SIZE: lowered'],
    })
    expect(await harness.signal()).toMatchObject({ outcome: 'executed', conflicts: [] })
    expect(harness.executor.calls[0]?.proposal.size?.toFixed()).toBe(
      new Decimal(1000).div(45250).mul('0.8').toFixed(),
    )
  })
})

describe('signal pipeline: conflicts', () => {
  it('holds a TA/sentiment conflict when the model says wait, and logs it', async () => {
    const harness = await started({ primary: [answer('wait', {}, 0.65)] })
    publishTa(harness, { bias: 'long', confidence: 0.6 })
    publishSentiment(harness, { bias: 'bearish', confidence: 0.5 })
    expect(await harness.signal({}, 'corr-7')).toMatchObject({
      outcome: 'held_by_resolution',
      detail: 'resolution=wait model=deepseek',
      conflicts: ['ta_sentiment'],
    })
    expect(harness.executor.calls).toHaveLength(0)
    expect(harness.memoryLog.entries).toEqual([
      expect.objectContaining({
        correlationId: 'corr-7',
        symbol: 'BTC/USDT',
        action: 'wait',
        confidence: 0.65,
        model: 'deepseek',
        usedDefault: false,
        conflicts: [expect.objectContaining({ type: 'ta_sentiment' })],
      }),
    ])
    expect(harness.coordinator.status().statistics).toMatchObject({
      conflicts_ta_sentiment: 1,
      resolutions_llm: 1,
      signals_held_by_resolution: 1,
    })
  })

  it('proceeds when the model says proceed', async () => {
    const harness = await started({ primary: [answer('proceed')] })
    publishRegime(harness, { regime: 'choppy' })
    expect(await harness.signal()).toMatchObject({
      outcome: 'executed',
      conflicts: ['regime_choppy'],
    })
    expect(harness.primary.calls[0]?.prompt.user).toContain('"regime_choppy"')
  })

  it('applies a modify to the signal before the proposal is built', async () => {
    const harness = await started({
      primary: [answer('modify', { modifications: { position_size_pct: 5, confidence: 0.5 } })],
    })
    publishRegime(harness, { regime: 'choppy', confidence: 0.5 })
    await harness.signal({ position_size_pct: 10 })
    const proposal = harness.executor.calls[0]?.proposal
    expect(proposal?.size?.toFixed()).toBe(new Decimal(500).div(45250).toFixed())
    // Choppy disagrees with conf 0.5: × (1 − 0.15 × 0.5) = 0.925 on the modified 0.5.
    expect(proposal?.confidence).toBe(0.4625)
  })

  it('aborts when the primary fails and the fallback says abort', async () => {
    const harness = await started({
      primary: [{ kind: 'fail', error: 'HTTP 503' }],
      fallback: [answer('abort')],
    })
    publishRegime(harness, { regime: 'choppy' })
    expect(await harness.signal()).toMatchObject({
      outcome: 'held_by_resolution',
      detail: 'resolution=abort model=claude_sonnet',
    })
    expect(harness.memoryLog.entries[0]).toMatchObject({ model: 'claude_sonnet' })
  })

  it('waits by default when both models fail or time out, logging used_default', async () => {
    const harness = await started({
      primary: [{ kind: 'fail', error: 'HTTP 500' }],
      fallback: [{ kind: 'hang' }],
    })
    publishRegime(harness, { regime: 'choppy' })
    harness.bus.publish({
      topic: 'trading_signals',
      source: 'trading_decision',
      payload: aSignal(),
    })
    await settle(harness.clock)
    await harness.clock.advance(10_000)
    await harness.coordinator.whenIdle()
    expect(harness.eventsOf('signal_processed').at(-1)).toMatchObject({
      outcome: 'held_by_resolution',
      detail: 'resolution=wait model=default',
    })
    expect(harness.memoryLog.entries[0]).toMatchObject({
      action: 'wait',
      usedDefault: true,
      model: null,
      latencyMs: 10_000,
    })
  })

  it('detects the same direction on correlated symbols within the window', async () => {
    const harness = await started()
    expect(await harness.signal({ symbol: 'BTC/USDT' })).toMatchObject({ conflicts: [] })
    expect(
      await harness.signal({ symbol: 'XRP/USDT', entry_price: '0.6', action: 'BUY' }),
    ).toMatchObject({ conflicts: ['correlated_symbols'], outcome: 'executed' })
    // Opposite direction: no conflict.
    expect(
      await harness.signal({ symbol: 'XRP/USDT', entry_price: '0.6', action: 'SELL' }),
    ).toMatchObject({ conflicts: [] })
    // Outside the 300 s window: no conflict.
    await harness.clock.advance(301_000)
    expect(
      await harness.signal({ symbol: 'BTC/USDT', entry_price: '45000', action: 'SELL' }),
    ).toMatchObject({ conflicts: [] })
  })

  it('lets opening trades of two symbols take turns from reading the portfolio to sending the order', async () => {
    const harness = await started()
    const steps: string[] = []
    const readPortfolio = harness.portfolio.portfolioContext.bind(harness.portfolio)
    harness.portfolio.portfolioContext = () => {
      steps.push('read portfolio')
      return readPortfolio()
    }
    let sendFirst: () => void = () => undefined
    const execute = harness.executor.execute.bind(harness.executor)
    harness.executor.execute = async (proposal, correlationId) => {
      steps.push(`send ${proposal.symbol}`)
      // The first order is in flight until the test lets it go.
      if (steps.filter((step) => step.startsWith('send')).length === 1) {
        await new Promise<void>((resolve) => (sendFirst = resolve))
      }
      return execute(proposal, correlationId)
    }
    for (const payload of [
      { symbol: 'BTC/USDT' },
      { symbol: 'XRP/USDT', entry_price: '0.6', action: 'SELL' as const },
    ]) {
      harness.bus.publish({
        topic: 'trading_signals',
        source: 'trading_decision',
        payload: aSignal(payload),
      })
    }
    await settle(harness.clock, 10)
    // The XRP trade waits: it must see the BTC order among the exposure.
    expect(steps).toEqual(['read portfolio', 'send BTC/USDT'])
    sendFirst()
    await harness.coordinator.whenIdle()
    expect(steps).toEqual(['read portfolio', 'send BTC/USDT', 'read portfolio', 'send XRP/USDT'])
  })

  it('resolves a significant risk modification; proceed executes the modified trade', async () => {
    const harness = await started({ primary: [answer('proceed'), answer('wait')] })
    harness.risk.verdict = (proposal) => ({
      status: 'MODIFIED',
      proposal: { ...proposal, size: (proposal.size as Decimal).div(4) },
      reasons: ['MAX_TOTAL_EXPOSURE: lowered'],
    })
    expect(await harness.signal()).toMatchObject({
      outcome: 'executed',
      conflicts: ['risk_modification'],
    })
    expect(harness.executor.calls[0]?.proposal.size?.toFixed()).toBe(
      new Decimal(1000).div(45250).div(4).toFixed(),
    )
    expect(harness.primary.calls[0]?.prompt.user).toContain('MAX_TOTAL_EXPOSURE: lowered')
    // The second time the model says wait: nothing is executed.
    expect(await harness.signal()).toMatchObject({ outcome: 'held_by_resolution' })
    expect(harness.executor.calls).toHaveLength(1)
  })

  it('validates a modify of a risk-modified trade again', async () => {
    const harness = await started({
      primary: [answer('modify', { modifications: { position_size_pct: 2 } })],
    })
    cutOnceThenApprove(harness)
    expect(await harness.signal({ position_size_pct: 10 })).toMatchObject({ outcome: 'executed' })
    expect(harness.risk.calls).toHaveLength(2)
    expect(harness.executor.calls[0]?.proposal.size?.toFixed()).toBe(
      new Decimal(200).div(45250).toFixed(),
    )
  })

  it('scales a modified confidence after a risk modification by the consensus, as the signal was', async () => {
    const harness = await started({
      primary: [answer('modify', { modifications: { confidence: 0.65 } })],
    })
    // 0 of 2 agree: × 0.88, so the risk engine approved 0.7 × 0.88 = 0.616.
    publishTa(harness, { bias: 'short', confidence: 0.8 })
    publishRegime(harness, { regime: 'trending_bear', confidence: 0.8 })
    cutOnceThenApprove(harness)
    expect(await harness.signal({ confidence: 0.7 })).toMatchObject({ outcome: 'executed' })
    expect(harness.risk.calls.map((call) => call.proposal.confidence)).toEqual([0.616, 0.572])
    expect(harness.executor.calls[0]?.proposal.confidence).toBe(0.572)
  })

  it('refuses a modify that moves the entry price, before the risk engine sees it', async () => {
    const harness = await started({
      primary: [answer('modify', { modifications: { entry_price: '4525', position_size_pct: 5 } })],
    })
    publishRegime(harness, { regime: 'choppy' })
    expect(await harness.signal({}, 'corr-entry')).toMatchObject({
      outcome: 'resolution_refused',
      detail:
        'RESOLUTION_REFUSED: field=entry_price given=4525 reference=45250 reference_source=signal' +
        ' (a resolution may not move the entry price) resolution=modify model=deepseek',
      conflicts: ['regime_choppy'],
      risk_status: null,
      order_id: null,
    })
    expect(harness.risk.calls).toHaveLength(0)
    expect(harness.executor.calls).toHaveLength(0)
    // The model's answer is on record with the refusal.
    expect(harness.memoryLog.entries).toEqual([
      expect.objectContaining({ correlationId: 'corr-entry', action: 'modify', model: 'deepseek' }),
    ])
    expect(harness.coordinator.status().statistics).toMatchObject({
      signals_resolution_refused: 1,
    })
  })

  it('tells the model that the entry price is not its to move', async () => {
    const harness = await started({ primary: [answer('proceed')] })
    publishRegime(harness, { regime: 'choppy' })
    await harness.signal()
    expect(harness.primary.calls[0]?.prompt.system).toContain(
      'a modification that moves the entry\nprice is refused',
    )
  })

  it('drops the trade when a halt arrives while the conflict is being resolved', async () => {
    const harness = await started({ primary: [{ ...answer('proceed'), afterMs: 2_000 }] })
    publishRegime(harness, { regime: 'choppy' })
    harness.bus.publish({
      topic: 'trading_signals',
      source: 'trading_decision',
      payload: aSignal(),
    })
    await harness.clock.advance(500)
    harness.bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      payload: aCircuitBreakerAlert(),
    })
    await harness.clock.advance(2_000)
    await harness.coordinator.whenIdle()
    expect(harness.eventsOf('signal_processed').at(-1)).toMatchObject({
      outcome: 'ignored_state',
      detail: 'state=HALTED',
    })
    expect(harness.risk.calls).toHaveLength(0)
    expect(harness.executor.calls).toHaveLength(0)
  })

  it('asks no model in EMERGENCY: the default decides', async () => {
    const harness = await started()
    harness.health.setAll(false)
    harness.coordinator.evaluateHealth()
    expect(harness.coordinator.degradationLevel).toBe('EMERGENCY')
    publishRegime(harness, { regime: 'choppy' })
    expect(await harness.signal()).toMatchObject({ outcome: 'held_by_resolution' })
    expect(harness.primary.calls).toHaveLength(0)
    expect(harness.memoryLog.entries[0]).toMatchObject({
      usedDefault: true,
      reasoning: 'conservative default: LLM not allowed at this degradation level',
    })
  })

  it('pauses trading when the conflict log cannot be written', async () => {
    const harness = await started({ primary: [answer('proceed')] })
    harness.memoryLog.failWith = 'connection refused'
    publishRegime(harness, { regime: 'choppy' })
    expect(await harness.signal()).toMatchObject({
      outcome: 'ignored_state',
      detail: 'state=PAUSED',
    })
    expect(harness.eventsOf('coordinator_state_changed').at(-1)).toMatchObject({
      to: 'PAUSED',
      reason: 'database_unavailable: conflict_resolution_log',
    })
  })
})
