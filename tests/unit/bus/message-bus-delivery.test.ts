import { describe, expect, it } from 'vitest'
import { MessagePriority, Topics, type Message } from '../../../src-main/engine/bus'
import { aBus, aSystemEvent, aTaSignal, aTradingSignal, deferred } from './bus-test-kit'

describe('MessageBus publish and subscribe', () => {
  it('delivers a published message to a subscriber with the full envelope', () => {
    const { bus } = aBus()
    const received: Message<'ta_signals'>[] = []
    bus.subscribe('trading_decision', Topics.TA_SIGNALS, (message) => {
      received.push(message)
    })

    const count = bus.publish({
      topic: Topics.TA_SIGNALS,
      source: 'technical_analysis',
      payload: aTaSignal(),
    })

    expect(count).toBe(1)
    expect(received).toHaveLength(1)
    expect(received[0]).toEqual({
      id: 'msg-1',
      timestamp: 1_000_000,
      topic: 'ta_signals',
      source: 'technical_analysis',
      priority: 'NORMAL',
      payload: aTaSignal(),
      correlationId: null,
      ttlSeconds: 300,
    })
  })

  it('freezes the message and its payload, nested objects included', () => {
    const { bus } = aBus()
    let seen: Message<'system_events'> | undefined
    bus.subscribe('observer', Topics.SYSTEM_EVENTS, (message) => {
      seen = message
    })
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'coordinator',
      payload: aSystemEvent('state', { nested: { a: 1 } }),
    })

    expect(Object.isFrozen(seen)).toBe(true)
    expect(Object.isFrozen(seen?.payload)).toBe(true)
    expect(Object.isFrozen(seen?.payload.data?.nested)).toBe(true)
    expect(() => {
      ;(seen as { source: string }).source = 'tampered'
    }).toThrow(TypeError)
  })

  it('does not share the payload object the publisher passed', () => {
    const { bus } = aBus()
    const payload = aTaSignal()
    bus.publish({ topic: Topics.TA_SIGNALS, source: 'ta', payload })
    payload.confidence = 0.1
    expect(bus.latest(Topics.TA_SIGNALS)?.payload.confidence).toBe(0.68)
  })

  it('keeps the given priority, correlation id and TTL', () => {
    const { bus } = aBus()
    bus.publish({
      topic: Topics.TRADING_SIGNALS,
      source: 'trading_decision',
      payload: aTradingSignal(),
      priority: MessagePriority.HIGH,
      correlationId: 'corr-7',
      ttlSeconds: 60,
    })
    expect(bus.latest(Topics.TRADING_SIGNALS)).toMatchObject({
      priority: 'HIGH',
      correlationId: 'corr-7',
      ttlSeconds: 60,
    })
  })

  it('uses a UUID for the id by default', async () => {
    const { MessageBus } = await import('../../../src-main/engine/bus')
    const { VirtualClock } = await import('../../../src-main/engine/clock')
    const { silentLogger } = await import('../../../src-main/engine/logging/logger')
    const bus = new MessageBus({ clock: new VirtualClock(), logger: silentLogger() })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    expect(bus.latest(Topics.SYSTEM_EVENTS)?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('delivers to every subscriber of the topic, in subscription order, and to no other topic', () => {
    const { bus } = aBus()
    const calls: string[] = []
    for (const id of ['a', 'b', 'c'])
      bus.subscribe(id, Topics.TA_SIGNALS, () => void calls.push(id))
    bus.subscribe('other', Topics.REGIME_UPDATES, () => void calls.push('other'))

    expect(bus.publish({ topic: Topics.TA_SIGNALS, source: 'ta', payload: aTaSignal() })).toBe(3)
    expect(calls).toEqual(['a', 'b', 'c'])
  })

  it('returns 0 when nobody subscribes', () => {
    const { bus } = aBus()
    expect(bus.publish({ topic: Topics.TA_SIGNALS, source: 'ta', payload: aTaSignal() })).toBe(0)
  })

  it('skips subscribers whose filter refuses the message and does not count them', () => {
    const { bus } = aBus()
    const btc: string[] = []
    const all: string[] = []
    bus.subscribe(
      'btc_only',
      Topics.TA_SIGNALS,
      (m) => void btc.push(m.payload.symbol),
      (m) => m.payload.symbol === 'BTC/USDT',
    )
    bus.subscribe('everything', Topics.TA_SIGNALS, (m) => void all.push(m.payload.symbol))

    expect(
      bus.publish({
        topic: Topics.TA_SIGNALS,
        source: 'ta',
        payload: aTaSignal({ symbol: 'XRP/USDT' }),
      }),
    ).toBe(1)
    expect(
      bus.publish({
        topic: Topics.TA_SIGNALS,
        source: 'ta',
        payload: aTaSignal({ symbol: 'BTC/USDT' }),
      }),
    ).toBe(2)
    expect(btc).toEqual(['BTC/USDT'])
    expect(all).toEqual(['XRP/USDT', 'BTC/USDT'])
  })

  it('treats a throwing filter as a refusal, counts it as failed and logs it', () => {
    const { bus, logs } = aBus()
    const others: string[] = []
    bus.subscribe(
      'broken_filter',
      Topics.TA_SIGNALS,
      () => void others.push('broken'),
      () => {
        throw new Error('filter bug')
      },
    )
    bus.subscribe('fine', Topics.TA_SIGNALS, () => void others.push('fine'))

    expect(bus.publish({ topic: Topics.TA_SIGNALS, source: 'ta', payload: aTaSignal() })).toBe(1)
    expect(others).toEqual(['fine'])
    expect(bus.metrics().topics.ta_signals.failed).toBe(1)
    expect(
      logs.some(
        (line) => line.msg === 'bus filter threw; message not delivered to this subscription',
      ),
    ).toBe(true)
  })

  it('rejects subscriptions to unknown topics, with empty ids or invalid budgets', () => {
    const { bus } = aBus()
    expect(() => bus.subscribe('x', 'nope' as never, () => {})).toThrow('unknown topic=nope')
    expect(() => bus.subscribe('', Topics.TA_SIGNALS, () => {})).toThrow('empty subscriberId')
    expect(() =>
      bus.subscribe('x', Topics.TA_SIGNALS, () => {}, undefined, { timeoutMs: 0 }),
    ).toThrow('invalid timeoutMs=0')
  })
})

describe('MessageBus unsubscribe', () => {
  it('removes exactly the subscription whose function is called, once', () => {
    const { bus } = aBus()
    const calls: string[] = []
    const stopFirst = bus.subscribe('agent', Topics.TA_SIGNALS, () => void calls.push('first'))
    bus.subscribe('agent', Topics.TA_SIGNALS, () => void calls.push('second'))
    stopFirst()
    stopFirst()
    bus.publish({ topic: Topics.TA_SIGNALS, source: 'ta', payload: aTaSignal() })
    expect(calls).toEqual(['second'])
  })

  it('removes a subscriber from one topic and keeps its other topics', () => {
    const { bus } = aBus()
    const calls: string[] = []
    bus.subscribe('coordinator', Topics.TRADING_SIGNALS, () => void calls.push('signal'))
    bus.subscribe('coordinator', Topics.SYSTEM_EVENTS, () => void calls.push('system'))
    bus.subscribe('someone_else', Topics.TRADING_SIGNALS, () => void calls.push('else'))

    expect(bus.unsubscribe('coordinator', Topics.TRADING_SIGNALS)).toBe(1)
    bus.publish({ topic: Topics.TRADING_SIGNALS, source: 'td', payload: aTradingSignal() })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent() })
    expect(calls).toEqual(['else', 'system'])
  })

  it('removes a subscriber from every topic when no topic is given', () => {
    const { bus } = aBus()
    const calls: string[] = []
    bus.subscribe('coordinator', Topics.TRADING_SIGNALS, () => void calls.push('signal'))
    bus.subscribe('coordinator', Topics.SYSTEM_EVENTS, () => void calls.push('system'))

    expect(bus.unsubscribe('coordinator')).toBe(2)
    expect(bus.unsubscribe('coordinator')).toBe(0)
    bus.publish({ topic: Topics.TRADING_SIGNALS, source: 'td', payload: aTradingSignal() })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent() })
    expect(calls).toEqual([])
  })

  it('does not deliver to a subscription removed by an earlier handler of the same message', () => {
    const { bus } = aBus()
    const calls: string[] = []
    bus.subscribe('first', Topics.SYSTEM_EVENTS, () => {
      calls.push('first')
      bus.unsubscribe('second')
    })
    bus.subscribe('second', Topics.SYSTEM_EVENTS, () => void calls.push('second'))
    expect(bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })).toBe(
      1,
    )
    expect(calls).toEqual(['first'])
  })
})

describe('MessageBus failing and slow handlers', () => {
  it('isolates a throwing handler: the others still receive, the failure is counted and logged', () => {
    const { bus, logs } = aBus()
    const calls: string[] = []
    bus.subscribe('before', Topics.TA_SIGNALS, () => void calls.push('before'))
    bus.subscribe('broken', Topics.TA_SIGNALS, () => {
      throw new Error('boom')
    })
    bus.subscribe('after', Topics.TA_SIGNALS, () => void calls.push('after'))

    expect(() =>
      bus.publish({ topic: Topics.TA_SIGNALS, source: 'ta', payload: aTaSignal() }),
    ).not.toThrow()
    expect(calls).toEqual(['before', 'after'])
    const metrics = bus.metrics()
    expect(metrics.topics.ta_signals).toMatchObject({ delivered: 3, failed: 1 })
    expect(metrics.subscribers.find((s) => s.subscriberId === 'broken')).toMatchObject({
      failed: 1,
      delivered: 1,
    })
    const line = logs.find((l) => l.msg === 'bus handler failed')
    expect(line).toMatchObject({ topic: 'ta_signals', subscriberId: 'broken', messageId: 'msg-1' })
    expect((line?.err as { message: string }).message).toBe('boom')
  })

  it('counts a rejecting async handler as failed and keeps delivering to it afterwards', async () => {
    const { bus } = aBus()
    let calls = 0
    bus.subscribe('flaky', Topics.SYSTEM_EVENTS, async () => {
      calls++
      if (calls === 1) throw new Error('first fails')
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    await bus.drain()
    expect(calls).toBe(2)
    expect(bus.metrics().topics.system_events).toMatchObject({
      delivered: 2,
      failed: 1,
      timedOut: 0,
    })
  })

  it('stops waiting for an async handler past its budget, counts it, and delivers to others meanwhile', async () => {
    const { bus, clock, logs } = aBus({ handlerTimeoutMs: 1_000 })
    const slow: string[] = []
    const fast: string[] = []
    bus.subscribe('slow', Topics.SYSTEM_EVENTS, async (m) => {
      slow.push(m.payload.event_type)
      await clock.sleep(10_000)
    })
    bus.subscribe('fast', Topics.SYSTEM_EVENTS, (m) => void fast.push(m.payload.event_type))

    expect(
      bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent('one') }),
    ).toBe(2)
    expect(
      bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent('two') }),
    ).toBe(2)
    // The fast subscriber got both at once; the slow one holds 'two' in its mailbox.
    expect(fast).toEqual(['one', 'two'])
    expect(slow).toEqual(['one'])
    expect(bus.metrics()).toMatchObject({ pendingDeliveries: 1, handlersInFlight: 1 })

    await clock.advance(999)
    expect(slow).toEqual(['one'])
    expect(bus.metrics().topics.system_events.timedOut).toBe(0)

    await clock.advance(1)
    expect(slow).toEqual(['one', 'two'])
    expect(bus.metrics().topics.system_events.timedOut).toBe(1)
    expect(logs.find((l) => l.msg === 'bus handler exceeded its time budget')).toMatchObject({
      subscriberId: 'slow',
      messageId: 'msg-1',
      latencyMs: 1_000,
      budgetMs: 1_000,
    })

    await clock.advance(1_000)
    expect(bus.metrics().topics.system_events.timedOut).toBe(2)
    await clock.runAll()
    await bus.drain()
    expect(bus.isIdle()).toBe(true)
  })

  it('uses a per-subscription budget when one is given', async () => {
    const { bus, clock } = aBus({ handlerTimeoutMs: 1_000 })
    bus.subscribe(
      'patient',
      Topics.SYSTEM_EVENTS,
      async () => {
        await clock.sleep(5_000)
      },
      undefined,
      { timeoutMs: 10_000 },
    )
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    await clock.advance(5_000)
    await bus.drain()
    expect(bus.metrics().topics.system_events).toMatchObject({ timedOut: 0, delivered: 1 })
    expect(bus.metrics().topics.system_events.handlerLatency).toMatchObject({
      count: 1,
      maxMs: 5_000,
    })
  })

  it('logs, but does not count twice, a timed-out handler that fails later', async () => {
    const { bus, clock, logs } = aBus({ handlerTimeoutMs: 100 })
    const late = deferred()
    bus.subscribe('late', Topics.SYSTEM_EVENTS, () => late.promise)
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    await clock.advance(100)
    late.reject(new Error('too late'))
    await bus.drain()
    expect(bus.metrics().topics.system_events).toMatchObject({ timedOut: 1, failed: 0 })
    expect(logs.some((l) => l.msg === 'bus handler failed after its time budget')).toBe(true)
  })

  it('ignores the late success of a timed-out handler', async () => {
    const { bus, clock } = aBus({ handlerTimeoutMs: 100 })
    const late = deferred()
    bus.subscribe('late', Topics.SYSTEM_EVENTS, () => late.promise)
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    await clock.advance(100)
    late.resolve()
    await bus.drain()
    expect(bus.metrics().topics.system_events).toMatchObject({
      timedOut: 1,
      failed: 0,
      delivered: 1,
    })
    expect(bus.metrics().handlersInFlight).toBe(0)
  })

  it('counts a sync handler that overran its budget, after the fact', () => {
    const { bus, clock } = aBus({ handlerTimeoutMs: 50 })
    let offset = 0
    const realNow = clock.now.bind(clock)
    clock.now = () => realNow() + offset
    const calls: string[] = []
    bus.subscribe('hog', Topics.SYSTEM_EVENTS, () => {
      offset += 80 // the handler "takes" 80 ms of clock time
      calls.push('hog')
    })
    bus.subscribe('next', Topics.SYSTEM_EVENTS, () => void calls.push('next'))
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })
    expect(calls).toEqual(['hog', 'next'])
    expect(bus.metrics().topics.system_events).toMatchObject({ timedOut: 1, delivered: 2 })
    expect(bus.metrics().topics.system_events.handlerLatency).toMatchObject({ count: 2, maxMs: 80 })
  })

  it('never lets a handler failure escape publish, even for async handlers that throw synchronously', () => {
    const { bus } = aBus()
    bus.subscribe('odd', Topics.SYSTEM_EVENTS, (() => {
      throw new Error('sync throw in async-typed handler')
    }) as () => Promise<void>)
    expect(bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent() })).toBe(
      1,
    )
    expect(bus.metrics().topics.system_events.failed).toBe(1)
  })
})

describe('MessageBus ordering and re-entrancy', () => {
  it('delivers messages queued during delivery most urgent first, FIFO within a priority', () => {
    const { bus } = aBus()
    const order: string[] = []
    bus.subscribe('producer', Topics.SYSTEM_EVENTS, (m) => {
      if (m.payload.event_type !== 'trigger') return
      for (const [name, priority] of [
        ['low-1', 'LOW'],
        ['normal-1', 'NORMAL'],
        ['urgent-1', 'URGENT'],
        ['high-1', 'HIGH'],
        ['low-2', 'LOW'],
        ['urgent-2', 'URGENT'],
      ] as const) {
        expect(
          bus.publish({
            topic: Topics.SYSTEM_EVENTS,
            source: 'p',
            payload: aSystemEvent(name),
            priority,
          }),
        ).toBe(2)
      }
      order.push('producer-done')
    })
    bus.subscribe('observer', Topics.SYSTEM_EVENTS, (m) => void order.push(m.payload.event_type))

    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'p', payload: aSystemEvent('trigger') })

    // Everything is delivered before the outer publish returns; the producer finishes first.
    expect(order).toEqual([
      'producer-done',
      'trigger',
      'urgent-1',
      'urgent-2',
      'high-1',
      'normal-1',
      'low-1',
      'low-2',
    ])
    expect(bus.isIdle()).toBe(true)
  })

  it('delivers a busy subscription its waiting messages in priority order once it is free', async () => {
    const { bus } = aBus()
    const gate = deferred()
    const seen: string[] = []
    bus.subscribe('busy', Topics.SYSTEM_EVENTS, async (m) => {
      seen.push(m.payload.event_type)
      if (m.payload.event_type === 'first') await gate.promise
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'p', payload: aSystemEvent('first') })
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'p',
      payload: aSystemEvent('low'),
      priority: 'LOW',
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'p', payload: aSystemEvent('normal') })
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'p',
      payload: aSystemEvent('urgent'),
      priority: 'URGENT',
    })
    expect(seen).toEqual(['first'])

    gate.resolve()
    await bus.drain()
    expect(seen).toEqual(['first', 'urgent', 'normal', 'low'])
  })

  it('handles one async call per subscription at a time', async () => {
    const { bus } = aBus()
    let running = 0
    let maxRunning = 0
    bus.subscribe('serial', Topics.SYSTEM_EVENTS, async () => {
      running++
      maxRunning = Math.max(maxRunning, running)
      await Promise.resolve()
      await Promise.resolve()
      running--
    })
    for (let i = 0; i < 50; i++)
      bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'p', payload: aSystemEvent() })
    await bus.drain()
    expect(maxRunning).toBe(1)
    expect(bus.metrics().topics.system_events.delivered).toBe(50)
  })

  it('lets a handler publish a chain of follow-ups without recursion or deadlock', () => {
    const { bus } = aBus()
    const depths: number[] = []
    bus.subscribe('chain', Topics.SYSTEM_EVENTS, (m) => {
      const depth = Number(m.payload.data?.depth ?? 0)
      depths.push(depth)
      if (depth < 5_000) {
        bus.publish({
          topic: Topics.SYSTEM_EVENTS,
          source: 'chain',
          payload: aSystemEvent('hop', { depth: depth + 1 }),
        })
      }
    })
    // 5,000 nested publishes would overflow the stack if handlers were called recursively.
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'chain',
      payload: aSystemEvent('hop', { depth: 0 }),
    })
    expect(depths).toHaveLength(5_001)
    expect(depths.at(-1)).toBe(5_000)
  })

  it('yields to the event loop when a handler republishes forever, so publish returns', async () => {
    const { bus } = aBus({ maxDeliveriesPerTurn: 100 })
    let calls = 0
    bus.subscribe('echo', Topics.SYSTEM_EVENTS, () => {
      calls++
      bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'echo', payload: aSystemEvent('again') })
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'echo', payload: aSystemEvent('start') })
    expect(calls).toBe(100)
    expect(bus.isIdle()).toBe(false)

    // Messages published meanwhile are queued behind, and the loop goes on in later turns.
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls).toBe(200)
    bus.unsubscribe('echo')
    await bus.drain()
    expect(bus.metrics().topics.system_events.dropped).toBe(1)
    expect(bus.isIdle()).toBe(true)
  })

  it('drops queued deliveries of a subscription removed before its turn', () => {
    const { bus } = aBus()
    const calls: string[] = []
    bus.subscribe('trigger', Topics.SYSTEM_EVENTS, (m) => {
      if (m.payload.event_type !== 'go') return
      bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('queued') })
      bus.unsubscribe('victim')
    })
    bus.subscribe('victim', Topics.SYSTEM_EVENTS, (m) => void calls.push(m.payload.event_type))
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('go') })
    expect(calls).toEqual([])
    expect(bus.metrics().topics.system_events.dropped).toBe(1)
  })

  it('drops a waiting delivery whose message expired before the subscription was free', async () => {
    const { bus, clock } = aBus({ handlerTimeoutMs: 60_000 })
    const seen: string[] = []
    bus.subscribe('slow', Topics.SYSTEM_EVENTS, async (m) => {
      seen.push(m.payload.event_type)
      if (m.payload.event_type === 'first') await clock.sleep(20_000)
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('first') })
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'x',
      payload: aSystemEvent('short'),
      ttlSeconds: 10,
    })
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'x',
      payload: aSystemEvent('long'),
      ttlSeconds: 60,
    })
    await clock.advance(20_000)
    await bus.drain()
    expect(seen).toEqual(['first', 'long'])
    expect(bus.metrics().topics.system_events.dropped).toBe(1)
  })

  it('drops a queued message that expired before its turn came', () => {
    const { bus, clock } = aBus()
    let offset = 0
    const realNow = clock.now.bind(clock)
    clock.now = () => realNow() + offset
    const seen: string[] = []
    bus.subscribe('producer', Topics.SYSTEM_EVENTS, (m) => {
      if (m.payload.event_type !== 'go') return
      bus.publish({
        topic: Topics.SYSTEM_EVENTS,
        source: 'x',
        payload: aSystemEvent('brief'),
        ttlSeconds: 1,
      })
      bus.publish({
        topic: Topics.SYSTEM_EVENTS,
        source: 'x',
        payload: aSystemEvent('lasting'),
        ttlSeconds: 60,
      })
      offset += 2_000 // this handler "takes" 2 s
    })
    bus.subscribe('observer', Topics.SYSTEM_EVENTS, (m) => void seen.push(m.payload.event_type))
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('go') })
    expect(seen).toEqual(['go', 'lasting'])
    // 'brief' was promised to both subscriptions and reached neither.
    expect(bus.metrics().topics.system_events.dropped).toBe(2)
  })

  it('bounds a busy subscription mailbox, dropping the least urgent oldest first', async () => {
    const { bus, logs } = aBus({ maxPendingPerSubscription: 3 })
    const gate = deferred()
    const seen: string[] = []
    bus.subscribe('busy', Topics.SYSTEM_EVENTS, async (m) => {
      seen.push(m.payload.event_type)
      if (m.payload.event_type === 'block') await gate.promise
    })
    const send = (name: string, priority: MessagePriority) =>
      bus.publish({
        topic: Topics.SYSTEM_EVENTS,
        source: 'x',
        payload: aSystemEvent(name),
        priority,
      })
    send('block', 'NORMAL')
    send('low-1', 'LOW')
    send('normal-1', 'NORMAL')
    send('low-2', 'LOW')
    send('urgent-1', 'URGENT') // full: low-1 goes
    send('low-3', 'LOW') // full: low-2 goes (equal priority, the older one)
    send('high-1', 'HIGH') // full: low-3 goes
    expect(bus.metrics().pendingDeliveries).toBe(3)

    gate.resolve()
    await bus.drain()
    expect(seen).toEqual(['block', 'urgent-1', 'high-1', 'normal-1'])
    expect(bus.metrics().topics.system_events.dropped).toBe(3)
    expect(logs.filter((l) => l.msg === 'bus dropped deliveries for a subscription')).toHaveLength(
      1,
    )
  })

  it('drops an incoming message less urgent than everything waiting in a full mailbox', async () => {
    const { bus } = aBus({ maxPendingPerSubscription: 1 })
    const gate = deferred()
    const seen: string[] = []
    bus.subscribe('busy', Topics.SYSTEM_EVENTS, async (m) => {
      seen.push(m.payload.event_type)
      if (m.payload.event_type === 'block') await gate.promise
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('block') })
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'x',
      payload: aSystemEvent('urgent'),
      priority: 'URGENT',
    })
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'x',
      payload: aSystemEvent('low'),
      priority: 'LOW',
    })
    gate.resolve()
    await bus.drain()
    expect(seen).toEqual(['block', 'urgent'])
  })

  it('drops waiting deliveries when the busy subscription is removed, and lets its running call finish', async () => {
    const { bus } = aBus()
    const gate = deferred()
    const seen: string[] = []
    bus.subscribe('busy', Topics.SYSTEM_EVENTS, async (m) => {
      seen.push(m.payload.event_type)
      await gate.promise
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('one') })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('two') })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('three') })
    expect(bus.unsubscribe('busy')).toBe(1)
    expect(bus.metrics()).toMatchObject({ pendingDeliveries: 0, handlersInFlight: 1 })
    expect(bus.isIdle()).toBe(false)
    gate.resolve()
    await bus.drain()
    expect(seen).toEqual(['one'])
    expect(bus.metrics().topics.system_events).toMatchObject({ dropped: 2, delivered: 1 })
  })

  it('spreads a long mailbox over several turns', async () => {
    const { bus } = aBus({ maxDeliveriesPerTurn: 2 })
    const gate = deferred()
    const seen: string[] = []
    bus.subscribe('backlog', Topics.SYSTEM_EVENTS, (m) => {
      seen.push(m.payload.event_type)
      return m.payload.event_type === 'block' ? gate.promise : undefined
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('block') })
    for (let i = 1; i <= 5; i++) {
      bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent(`m${i}`) })
    }
    gate.resolve()
    await gate.promise
    await Promise.resolve()
    expect(seen).toEqual(['block', 'm1', 'm2'])
    await bus.drain()
    expect(seen).toEqual(['block', 'm1', 'm2', 'm3', 'm4', 'm5'])
  })

  it('resumes a freed subscription inside an ongoing delivery turn', async () => {
    const { bus } = aBus({ maxDeliveriesPerTurn: 10 })
    const gate = deferred()
    const seen: string[] = []
    bus.subscribe('async', Topics.SYSTEM_EVENTS, async (m) => {
      seen.push(m.payload.event_type)
      if (m.payload.event_type === 'block') await gate.promise
    })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('block') })
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'x', payload: aSystemEvent('waiting') })
    // A looping echo keeps the bus delivering across turns while the gate opens.
    let echoes = 0
    bus.subscribe('echo', Topics.MARKET_DATA, () => {
      if (++echoes < 50)
        bus.publish({ topic: Topics.MARKET_DATA, source: 'x', payload: { symbol: 'BTC/USDT' } })
    })
    bus.publish({ topic: Topics.MARKET_DATA, source: 'x', payload: { symbol: 'BTC/USDT' } })
    gate.resolve()
    await bus.drain()
    expect(seen).toEqual(['block', 'waiting'])
    expect(echoes).toBe(50)
  })
})
