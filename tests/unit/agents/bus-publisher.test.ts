import { describe, expect, it } from 'vitest'
import { agentMessageTtls, busPublisher } from '../../../src-main/engine/agents'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'

describe('busPublisher', () => {
  it('keeps a regime reading until twice its interval has passed', async () => {
    const clock = new VirtualClock(0)
    const bus = new MessageBus({ clock, logger: silentLogger() })
    const publisher = busPublisher(
      bus,
      agentMessageTtls({ ta: 60, regime: 300, sentiment: 1800, decision: 3600 }),
    )
    publisher.publish(
      'regime_updates',
      {
        symbol: 'BTC/USDT',
        regime: 'ranging',
        confidence: 0.7,
        position_size_multiplier: 1,
        entry_strictness: 'normal',
      },
      { source: 'regime_detection', correlationId: 'c1' },
    )
    await clock.advance(301_000)
    expect(bus.latest('regime_updates', { symbol: 'BTC/USDT' })?.correlationId).toBe('c1')
    await clock.advance(300_000)
    expect(bus.latest('regime_updates', { symbol: 'BTC/USDT' })).toBeUndefined()
    expect(
      agentMessageTtls({ ta: 60, regime: 300, sentiment: 1800, decision: 3600 }).ta_signals,
    ).toBe(120)
  })
})
