import { describe, expect, it } from 'vitest'
import { Topics } from '../../../src-main/engine/bus'
import { aBus, aSystemEvent, aTaSignal, aTradingSignal } from './bus-test-kit'

describe('MessageBus latest', () => {
  it('returns the newest message per topic, per source, per symbol and per source and symbol', async () => {
    const { bus, clock } = aBus()
    const publish = (source: string, symbol: string, confidence: number) =>
      bus.publish({ topic: Topics.TA_SIGNALS, source, payload: aTaSignal({ symbol, confidence }) })
    publish('technical_analysis', 'BTC/USDT', 0.1)
    await clock.advance(1)
    publish('technical_analysis', 'XRP/USDT', 0.2)
    await clock.advance(1)
    publish('backup_ta', 'BTC/USDT', 0.3)

    const confidence = (query: { source?: string; symbol?: string }) =>
      bus.latest(Topics.TA_SIGNALS, query)?.payload.confidence
    expect(confidence({})).toBe(0.3)
    expect(confidence({ source: 'technical_analysis' })).toBe(0.2)
    expect(confidence({ symbol: 'BTC/USDT' })).toBe(0.3)
    expect(confidence({ symbol: 'XRP/USDT' })).toBe(0.2)
    expect(confidence({ source: 'technical_analysis', symbol: 'BTC/USDT' })).toBe(0.1)
    expect(confidence({ source: 'nobody' })).toBeUndefined()
    expect(confidence({ symbol: 'ETH/USDT' })).toBeUndefined()
    expect(bus.latest(Topics.REGIME_UPDATES)).toBeUndefined()
  })

  it('indexes messages without a symbol by topic and source only', () => {
    const { bus } = aBus()
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 'coordinator',
      payload: aSystemEvent('started'),
    })
    expect(bus.latest(Topics.SYSTEM_EVENTS, { source: 'coordinator' })?.payload.event_type).toBe(
      'started',
    )
    expect(bus.latest(Topics.SYSTEM_EVENTS, { symbol: 'BTC/USDT' })).toBeUndefined()
  })

  it('forgets the latest message once its TTL has passed, without offering an older one', async () => {
    const { bus, clock } = aBus()
    bus.publish({
      topic: Topics.TA_SIGNALS,
      source: 'ta',
      payload: aTaSignal({ confidence: 0.1 }),
      ttlSeconds: 600,
    })
    await clock.advance(1_000)
    bus.publish({
      topic: Topics.TA_SIGNALS,
      source: 'ta',
      payload: aTaSignal({ confidence: 0.2 }),
      ttlSeconds: 10,
    })

    await clock.advance(9_999)
    expect(bus.latest(Topics.TA_SIGNALS)?.payload.confidence).toBe(0.2)
    expect(bus.latest(Topics.TA_SIGNALS, { symbol: 'BTC/USDT' })?.payload.confidence).toBe(0.2)
    await clock.advance(1)
    expect(bus.latest(Topics.TA_SIGNALS)).toBeUndefined()
    expect(bus.latest(Topics.TA_SIGNALS, { symbol: 'BTC/USDT' })).toBeUndefined()
    expect(bus.latest(Topics.TA_SIGNALS, { source: 'ta', symbol: 'BTC/USDT' })).toBeUndefined()
  })

  it('sweeps expired keys from the latest index, so a stream of new symbols does not grow it', async () => {
    const { bus, clock } = aBus()
    for (let i = 0; i < 3_000; i++) {
      bus.publish({
        topic: Topics.MARKET_DATA,
        source: `feed-${i % 7}`,
        payload: { symbol: `C${i}/USDT`, price: '1.5' },
        ttlSeconds: 1,
      })
      await clock.advance(10)
    }
    // Keys live 1 s = 100 publishes here; sweeps run every 1,024 publishes.
    expect(bus.metrics().latestIndexSize).toBeLessThan(2 * (1_024 + 100) + 2 * 7 + 2)
    expect(bus.metrics().latestIndexSize).toBeGreaterThan(0)
  })
})

describe('MessageBus history', () => {
  async function busWithHistory() {
    const kit = aBus()
    const { bus, clock } = kit
    bus.publish({
      topic: Topics.TA_SIGNALS,
      source: 'ta',
      payload: aTaSignal({ symbol: 'BTC/USDT' }),
      correlationId: 'c1',
    })
    await clock.advance(1_000)
    bus.publish({
      topic: Topics.TRADING_SIGNALS,
      source: 'td',
      payload: aTradingSignal(),
      correlationId: 'c1',
    })
    await clock.advance(1_000)
    bus.publish({
      topic: Topics.TA_SIGNALS,
      source: 'ta',
      payload: aTaSignal({ symbol: 'XRP/USDT' }),
      correlationId: 'c2',
    })
    await clock.advance(1_000)
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 'coordinator', payload: aSystemEvent() })
    return kit
  }
  const ids = (messages: readonly { id: string }[]) => messages.map((m) => m.id)

  it('returns everything, oldest first, with no query', async () => {
    const { bus } = await busWithHistory()
    expect(ids(bus.history())).toEqual(['msg-1', 'msg-2', 'msg-3', 'msg-4'])
  })

  it.each([
    { name: 'topic', query: { topic: 'ta_signals' as const }, expected: ['msg-1', 'msg-3'] },
    { name: 'correlation id', query: { correlationId: 'c1' }, expected: ['msg-1', 'msg-2'] },
    { name: 'source', query: { source: 'coordinator' }, expected: ['msg-4'] },
    { name: 'symbol', query: { symbol: 'XRP/USDT' }, expected: ['msg-3'] },
    {
      name: 'since (inclusive)',
      query: { sinceMs: 1_001_000 },
      expected: ['msg-2', 'msg-3', 'msg-4'],
    },
    { name: 'until (inclusive)', query: { untilMs: 1_001_000 }, expected: ['msg-1', 'msg-2'] },
    {
      name: 'time window',
      query: { sinceMs: 1_000_500, untilMs: 1_002_500 },
      expected: ['msg-2', 'msg-3'],
    },
    { name: 'limit keeps the most recent', query: { limit: 2 }, expected: ['msg-3', 'msg-4'] },
    {
      name: 'topic and limit',
      query: { topic: 'ta_signals' as const, limit: 1 },
      expected: ['msg-3'],
    },
    { name: 'nothing matching', query: { correlationId: 'c9' }, expected: [] },
  ])('filters by $name', async ({ query, expected }) => {
    const { bus } = await busWithHistory()
    expect(ids(bus.history(query))).toEqual(expected)
  })

  it('types the messages of a topic query', async () => {
    const { bus } = await busWithHistory()
    const symbols: string[] = bus.history({ topic: Topics.TA_SIGNALS }).map((m) => m.payload.symbol)
    expect(symbols).toEqual(['BTC/USDT', 'XRP/USDT'])
  })

  it('never returns expired messages and drops them as new ones arrive', async () => {
    const { bus, clock } = aBus()
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 's',
      payload: aSystemEvent('long'),
      ttlSeconds: 100,
    })
    bus.publish({
      topic: Topics.SYSTEM_EVENTS,
      source: 's',
      payload: aSystemEvent('short'),
      ttlSeconds: 5,
    })
    await clock.advance(5_000)
    expect(bus.history().map((m) => m.payload)).toEqual([aSystemEvent('long')])
    // The short-lived one sits behind a longer-lived one, so it stays held until that one goes.
    expect(bus.metrics().historySize).toBe(2)

    await clock.advance(95_000)
    bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent('new') })
    expect(bus.history().map((m) => m.payload.event_type)).toEqual(['new'])
    expect(bus.metrics()).toMatchObject({ historySize: 1, historyEvicted: 2 })
  })

  it('holds at most maxHistory messages, dropping the oldest', () => {
    const { bus } = aBus({ maxHistory: 3 })
    for (let i = 1; i <= 5; i++)
      bus.publish({ topic: Topics.SYSTEM_EVENTS, source: 's', payload: aSystemEvent(`e${i}`) })
    expect(bus.history().map((m) => m.payload.event_type)).toEqual(['e3', 'e4', 'e5'])
    expect(bus.metrics()).toMatchObject({ historySize: 3, historyEvicted: 2 })
  })
})
