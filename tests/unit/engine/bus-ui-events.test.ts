import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src-shared/contract'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { EngineEventHub } from '../../../src-main/engine/events/engine-event-hub'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { forwardBusEventsToUi } from '../../../src-main/engine/wiring/bus-ui-events'

const T0 = Date.UTC(2021, 4, 10)

function setup() {
  const clock = new VirtualClock(T0)
  const bus = new MessageBus({ clock, logger: silentLogger() })
  const hub = new EngineEventHub(silentLogger())
  const seen: EngineEvent[] = []
  hub.subscribe((event) => seen.push(event))
  const stop = forwardBusEventsToUi(bus, hub)
  return { bus, seen, stop }
}

describe('forwardBusEventsToUi', () => {
  it('sends each agent output and risk alert to the UI with a one-line summary', async () => {
    const { bus, seen } = setup()
    bus.publish({
      topic: 'ta_signals',
      source: 'technical_analysis',
      correlationId: 'c-1',
      payload: {
        symbol: 'BTC/USDT',
        trend_direction: 'bullish',
        trend_strength: 0.6,
        bias: 'long',
        confidence: 0.72,
      },
    })
    bus.publish({
      topic: 'trading_signals',
      source: 'trading_decision',
      correlationId: 'c-1',
      payload: { symbol: 'BTC/USDT', action: 'BUY', confidence: 0.8 },
    })
    bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      priority: 'URGENT',
      payload: {
        alert_type: 'circuit_breaker',
        severity: 'critical',
        message: 'daily loss limit reached',
      },
    })
    await bus.drain()
    expect(seen).toEqual([
      {
        type: 'agent.output',
        at: T0,
        agent: 'technical_analysis',
        symbol: 'BTC/USDT',
        summary: 'bullish · bias long · conf 72%',
        correlationId: 'c-1',
      },
      {
        type: 'agent.output',
        at: T0,
        agent: 'trading_decision',
        symbol: 'BTC/USDT',
        summary: 'BUY · conf 80%',
        correlationId: 'c-1',
      },
      {
        type: 'risk.alert',
        at: T0,
        alertType: 'circuit_breaker',
        severity: 'critical',
        message: 'daily loss limit reached',
      },
    ])
  })

  it('sends portfolio changes with a summary, but not a rebalance check that planned nothing', async () => {
    const { bus, seen } = setup()
    const publish = (eventType: string, data: Record<string, unknown>) =>
      bus.publish({
        topic: 'portfolio_updates',
        source: 'portfolio',
        correlationId: 'r-1',
        payload: { event_type: eventType, data },
      })
    publish('rebalance_checked', { action: 'no_action', trades: 0, max_deviation_pct: '1.2' })
    publish('rebalance_checked', { action: 'rebalance', trades: 2, max_deviation_pct: '9.40' })
    const batch = {
      symbol: 'BTC/USDT',
      side: 'buy',
      amount_usd: '133.3333',
      batch_index: 1,
      batch_count: 4,
    }
    publish('rebalance_trade_executed', batch)
    publish('rebalance_trade_failed', { ...batch, status: 'rejected', error: 'risk: cooldown' })
    publish('rebalance_trade_failed', { ...batch, status: 'pending', error: 'COOLDOWN: x' })
    publish('rebalance_batches_cancelled', { count: 2 })
    publish('hodl_bag_changed', {
      asset: 'BTC',
      change: '0.0004',
      balance_after: '0.0104',
      reason: 'profit',
    })
    publish('hodl_bag_changed', {
      asset: 'USDT',
      change: '0.4038148035291',
      balance_after: '1.0038148035291',
      reason: 'profit share 10% of realized 4.04',
    })
    publish('some_future_change', {})
    await bus.drain()
    expect(
      seen.map((event) => event.type === 'portfolio.changed' && [event.change, event.summary]),
    ).toEqual([
      ['rebalance_checked', 'Rebalance planned: 2 trades, largest deviation 9.40 %'],
      ['rebalance_trade_executed', 'Rebalance buy BTC/USDT $133.33 (batch 2/4) sent'],
      [
        'rebalance_trade_failed',
        'Rebalance buy BTC/USDT $133.33 (batch 2/4) rejected: risk: cooldown',
      ],
      [
        'rebalance_trade_failed',
        'Rebalance buy BTC/USDT $133.33 (batch 2/4) held back, tried again later: COOLDOWN: x',
      ],
      ['rebalance_batches_cancelled', '2 scheduled rebalance batches cancelled'],
      ['hodl_bag_changed', 'Hodl bag BTC +0.0004, now 0.0104 (profit)'],
      [
        'hodl_bag_changed',
        'Hodl bag USDT +0.4038148, now 1.0038148 (profit share 10% of realized 4.04)',
      ],
    ])
    expect(seen[0]).toMatchObject({ at: T0, correlationId: 'r-1' })
  })

  it('summarises a portfolio change with missing or odd fields without failing', async () => {
    const { bus, seen } = setup()
    bus.publish({
      topic: 'portfolio_updates',
      source: 'portfolio',
      payload: { event_type: 'rebalance_trade_failed', data: { amount_usd: 'lots', side: {} } },
    })
    await bus.drain()
    expect(seen).toEqual([
      expect.objectContaining({
        summary: 'Rebalance ? ? $? (batch ?/?) ?: ?',
        correlationId: null,
      }),
    ])
  })

  it('stops forwarding when told to', async () => {
    const { bus, seen, stop } = setup()
    stop()
    bus.publish({
      topic: 'regime_updates',
      source: 'regime_detection',
      payload: {
        symbol: 'XRP/USDT',
        regime: 'ranging',
        confidence: 0.5,
        position_size_multiplier: 1,
        entry_strictness: 'normal',
      },
    })
    await bus.drain()
    expect(seen).toEqual([])
  })
})
