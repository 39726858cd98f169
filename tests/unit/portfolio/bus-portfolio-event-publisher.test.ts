import { describe, expect, it } from 'vitest'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { BusPortfolioEventPublisher } from '../../../src-main/engine/portfolio'
import { capturingLogger } from '../bus/bus-test-kit'

describe('BusPortfolioEventPublisher', () => {
  it('publishes on portfolio_updates as { event_type, data } with the correlation id', () => {
    const { logger } = capturingLogger()
    const bus = new MessageBus({ clock: new VirtualClock(5), logger })
    new BusPortfolioEventPublisher(bus, logger).publish({
      type: 'rebalance_trade_executed',
      correlationId: 'corr-1',
      data: { symbol: 'BTC/USDT', amount_usd: '168.47', batch_index: 0 },
    })
    const message = bus.latest('portfolio_updates')
    expect(message).toMatchObject({
      source: 'portfolio_rebalance',
      correlationId: 'corr-1',
      payload: {
        event_type: 'rebalance_trade_executed',
        data: { symbol: 'BTC/USDT', amount_usd: '168.47', batch_index: 0 },
      },
    })
  })

  it('logs instead of throwing when the bus refuses the message', () => {
    const { logger, lines } = capturingLogger()
    const bus = new MessageBus({ clock: new VirtualClock(5), logger })
    const publisher = new BusPortfolioEventPublisher(bus, logger, '')
    expect(() =>
      publisher.publish({ type: 'rebalance_checked', correlationId: null, data: {} }),
    ).not.toThrow()
    expect(lines.some((line) => line.msg === 'portfolio event not published')).toBe(true)
  })
})
