import { describe, expect, it } from 'vitest'
import {
  BusPublishError,
  MessageBus,
  Topics,
  type PublishInput,
} from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { aBus, aTaSignal, aTradingSignal } from './bus-test-kit'

function publishOrError(input: unknown): BusPublishError {
  const { bus } = aBus()
  try {
    bus.publish(input as PublishInput)
  } catch (error) {
    if (error instanceof BusPublishError) return error
    throw error
  }
  throw new Error('expected publish to throw')
}

describe('MessageBus publish validation', () => {
  it.each([
    {
      name: 'missing required field',
      input: { topic: 'ta_signals', source: 'ta', payload: { ...aTaSignal(), bias: undefined } },
      field: 'payload.bias',
      problem: 'Invalid option',
    },
    {
      name: 'confidence above 1',
      input: { topic: 'ta_signals', source: 'ta', payload: aTaSignal({ confidence: 1.5 }) },
      field: 'payload.confidence',
      problem: 'Too big',
    },
    {
      name: 'unknown regime',
      input: {
        topic: 'regime_updates',
        source: 'regime',
        payload: {
          symbol: 'BTC/USDT',
          regime: 'sideways',
          confidence: 0.5,
          position_size_multiplier: 1,
          entry_strictness: 'normal',
        },
      },
      field: 'payload.regime',
      problem: 'Invalid option',
    },
    {
      name: 'price as a number',
      input: {
        topic: 'trading_signals',
        source: 'td',
        payload: { ...aTradingSignal(), entry_price: 45250 },
      },
      field: 'payload.entry_price',
      problem: 'expected string',
    },
    {
      name: 'price not a decimal string',
      input: {
        topic: 'trading_signals',
        source: 'td',
        payload: aTradingSignal({ stop_loss: '45,000' }),
      },
      field: 'payload.stop_loss',
      problem: 'expected a positive decimal string',
    },
    {
      name: 'badly written symbol',
      input: {
        topic: 'sentiment_updates',
        source: 's',
        payload: { symbol: 'btcusdt', bias: 'bullish', confidence: 0.5 },
      },
      field: 'payload.symbol',
      problem: 'expected a symbol such as "BTC/USDT"',
    },
    {
      name: 'payload not an object',
      input: { topic: 'risk_alerts', source: 'risk', payload: 'halt!' },
      field: 'payload',
      problem: 'expected object',
    },
    {
      name: 'empty source',
      input: { topic: 'ta_signals', source: '', payload: aTaSignal() },
      field: 'source',
      problem: 'expected a non-empty string',
    },
    {
      name: 'unknown priority',
      input: { topic: 'ta_signals', source: 'ta', payload: aTaSignal(), priority: 'CRITICAL' },
      field: 'priority',
      problem: 'expected LOW, NORMAL, HIGH or URGENT, got CRITICAL',
    },
    {
      name: 'TTL of zero',
      input: { topic: 'ta_signals', source: 'ta', payload: aTaSignal(), ttlSeconds: 0 },
      field: 'ttlSeconds',
      problem: 'expected a positive number, got 0',
    },
    {
      name: 'empty correlation id',
      input: { topic: 'ta_signals', source: 'ta', payload: aTaSignal(), correlationId: '' },
      field: 'correlationId',
      problem: 'expected a non-empty string or null',
    },
  ])('rejects $name, naming topic, field and problem', ({ input, field, problem }) => {
    const error = publishOrError(input)
    expect(error.name).toBe('BusPublishError')
    expect(error.topic).toBe(input.topic)
    expect(error.message).toContain(`topic=${input.topic}`)
    expect(error.message).toContain(`field=${field} problem=`)
    expect(error.problems.find((p) => p.field === field)?.problem).toContain(problem)
  })

  it('rejects an unknown topic', () => {
    const error = publishOrError({ topic: 'gossip', source: 'x', payload: {} })
    expect(error.message).toBe('invalid message: topic=gossip problem=unknown topic')
    expect(error.problems).toEqual([{ field: 'topic', problem: 'unknown topic' }])
  })

  it('lists every problem of a message at once', () => {
    const error = publishOrError({
      topic: 'ta_signals',
      source: '',
      payload: { symbol: 'BTC/USDT' },
    })
    expect(error.problems.map((p) => p.field)).toEqual([
      'source',
      'payload.trend_direction',
      'payload.trend_strength',
      'payload.bias',
      'payload.confidence',
    ])
  })

  it('neither delivers nor records a rejected message, and counts it per topic', () => {
    const { bus } = aBus()
    const calls: unknown[] = []
    bus.subscribe('x', Topics.TA_SIGNALS, (m) => void calls.push(m))
    expect(() =>
      bus.publish({
        topic: Topics.TA_SIGNALS,
        source: 'ta',
        payload: aTaSignal({ confidence: -1 }),
      }),
    ).toThrow(BusPublishError)
    expect(calls).toEqual([])
    expect(bus.history()).toEqual([])
    expect(bus.latest(Topics.TA_SIGNALS)).toBeUndefined()
    expect(bus.metrics().topics.ta_signals).toMatchObject({ rejected: 1, published: 0 })
  })

  it('keeps extra payload fields producers add', () => {
    const { bus } = aBus()
    bus.publish({
      topic: Topics.TA_SIGNALS,
      source: 'ta',
      payload: { ...aTaSignal(), indicators: { rsi: 61 } },
    })
    expect(bus.latest(Topics.TA_SIGNALS)?.payload).toMatchObject({ indicators: { rsi: 61 } })
  })
})

describe('MessageBus config', () => {
  it('refuses invalid tuning with the field and the problem', () => {
    expect(
      () =>
        new MessageBus({
          clock: new VirtualClock(),
          logger: silentLogger(),
          config: { maxHistory: 0 },
        }),
    ).toThrow(/invalid bus config: field=maxHistory problem=Too small/)
    expect(
      () =>
        new MessageBus({
          clock: new VirtualClock(),
          logger: silentLogger(),
          config: { maxHistroy: 5 } as never,
        }),
    ).toThrow(/field=\(root\) problem=Unrecognized key/)
  })
})
