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
