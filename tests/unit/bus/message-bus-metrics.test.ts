import { describe, expect, it } from 'vitest'
import { TOPICS, Topics } from '../../../src-main/engine/bus'
import { aBus, aSystemEvent, aTaSignal } from './bus-test-kit'

describe('MessageBus metrics', () => {
  it('starts at zero for every topic', () => {
    const { bus } = aBus()
    const metrics = bus.metrics()
    expect(Object.keys(metrics.topics).sort()).toEqual([...TOPICS].sort())
    expect(metrics.topics.market_data).toEqual({
      published: 0,
      rejected: 0,
      delivered: 0,
      failed: 0,
      timedOut: 0,
      dropped: 0,
      handlerLatency: { count: 0, meanMs: 0, maxMs: 0, p99Ms: 0 },
    })
    expect(metrics).toMatchObject({
      subscribers: [],
      historySize: 0,
      historyEvicted: 0,
      latestIndexSize: 0,
      queuedMessages: 0,
      pendingDeliveries: 0,
      handlersInFlight: 0,
    })
  })

  it('counts per topic and per subscriber, with handler latency on the clock', async () => {
    const { bus, clock } = aBus({ handlerTimeoutMs: 1_000 })
    bus.subscribe('coordinator', Topics.TA_SIGNALS, () => {})
    bus.subscribe('coordinator', Topics.SYSTEM_EVENTS, async () => {
      await clock.sleep(30)
    })
    bus.subscribe('broken', Topics.TA_SIGNALS, () => {
      throw new Error('x')
    })
    bus.subscribe(
      'picky',
      Topics.TA_SIGNALS,
      () => {},
      (m) => m.payload.symbol === 'XRP/USDT',
    )

    bus.publish({ topic: Topics.TA_SIGNALS, source: 'ta', payload: aTaSignal() })
    bus.publish({ topic: Topics.TA_SIGNALS, source: 'ta', payload: aTaSignal() })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    expect(() =>
      bus.publish({ topic: Topics.SYSTEM_EVENTS, source: '', payload: aSystemEvent() }),
    ).toThrow()
    await clock.advance(60)
    await bus.drain()

    const metrics = bus.metrics()
    expect(metrics.topics.ta_signals).toMatchObject({
      published: 2,
      delivered: 4,
      failed: 2,
      dropped: 0,
      timedOut: 0,
    })
    expect(metrics.topics.ta_signals.handlerLatency).toEqual({
      count: 4,
      meanMs: 0,
      maxMs: 0,
      p99Ms: 0,
    })
    expect(metrics.topics.system_events).toMatchObject({
      published: 2,
      rejected: 1,
      delivered: 2,
      failed: 0,
    })
    expect(metrics.topics.system_events.handlerLatency).toEqual({
      count: 2,
      meanMs: 30,
      maxMs: 30,
      p99Ms: 30,
    })
    expect(metrics.subscribers).toEqual([
      {
        subscriberId: 'coordinator',
        subscriptions: 2,
        delivered: 4,
        failed: 0,
        timedOut: 0,
        dropped: 0,
        pending: 0,
        busy: 0,
      },
      {
        subscriberId: 'broken',
        subscriptions: 1,
        delivered: 2,
        failed: 2,
        timedOut: 0,
        dropped: 0,
        pending: 0,
        busy: 0,
      },
      {
        subscriberId: 'picky',
        subscriptions: 1,
        delivered: 0,
        failed: 0,
        timedOut: 0,
        dropped: 0,
        pending: 0,
        busy: 0,
      },
    ])
    expect(metrics).toMatchObject({
      historySize: 4,
      queuedMessages: 0,
      pendingDeliveries: 0,
      handlersInFlight: 0,
    })
  })

  it('shows busy subscriptions and their waiting deliveries', async () => {
    const { bus, clock } = aBus()
    bus.subscribe('slow', Topics.SYSTEM_EVENTS, () => clock.sleep(100))
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    expect(bus.metrics().subscribers[0]).toMatchObject({ busy: 1, pending: 1, delivered: 1 })
    await clock.advance(200)
    await bus.drain()
    expect(bus.metrics().subscribers[0]).toMatchObject({ busy: 0, pending: 0, delivered: 2 })
  })
})
