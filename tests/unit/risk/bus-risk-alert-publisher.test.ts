import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { MessageBus, riskAlertPayload, type Message } from '../../../src-main/engine/bus'
import {
  BusRiskAlertPublisher,
  InMemoryRiskEventRecorder,
  InMemoryRiskStateRepository,
  RiskEngine,
  defaultRiskConfig,
} from '../../../src-main/engine/risk'
import { HOUR, MONDAY_NOON } from './risk-builders'

describe('BusRiskAlertPublisher', () => {
  it('puts trips on risk_alerts as URGENT and re-arms as NORMAL, valid for the topic', async () => {
    const clock = new VirtualClock(MONDAY_NOON)
    const bus = new MessageBus({ clock, logger: silentLogger() })
    const messages: Message<'risk_alerts'>[] = []
    bus.subscribe('coordinator', 'risk_alerts', (message) => {
      messages.push(message)
    })
    const engine = await RiskEngine.create({
      config: defaultRiskConfig(),
      clock,
      logger: silentLogger(),
      stateRepository: new InMemoryRiskStateRepository(),
      eventRecorder: new InMemoryRiskEventRecorder(),
      alertPublisher: new BusRiskAlertPublisher(bus),
    })
    await engine.updateEquity(new Decimal('10000'))
    await engine.updateVolatility({ symbol: 'BTC/USDT', priceMovePct: -12 })
    await clock.advance(HOUR)
    expect(engine.activeBreakers()).toEqual([])
    await engine.flush()

    expect(messages.map((message) => [message.source, message.priority])).toEqual([
      ['risk_engine', 'URGENT'],
      ['risk_engine', 'NORMAL'],
    ])
    expect(messages[0]?.payload).toMatchObject({
      alert_type: 'circuit_breaker',
      severity: 'high',
      action_required: 'halt_trading',
      breaker: 'volatility',
      active_breakers: ['volatility'],
    })
    expect(messages[1]?.payload).toMatchObject({
      alert_type: 'circuit_breaker_reset',
      action_required: 'none',
      active_breakers: [],
    })
    for (const message of messages)
      expect(riskAlertPayload.safeParse(message.payload).success).toBe(true)
  })
})
