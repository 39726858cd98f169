import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { executionEventPayload } from '../../../src-main/engine/bus/topic-schemas'
import {
  FanOutExecutionEventPublisher,
  InMemoryExecutionEventPublisher,
  toExecutionEventPayload,
  type ExecutionEvent,
} from '../../../src-main/engine/execution/execution-event'
import { failure } from '../../../src-main/engine/execution/execution-result'
import { KeyedLock } from '../../../src-main/engine/execution/keyed-lock'
import { ManualPriceSource } from '../../../src-main/engine/execution/manual-price-source'
import {
  hasFreshPrice,
  isPriceStale,
  priceAgeMs,
} from '../../../src-main/engine/execution/market-price-source'
import {
  isExitRole,
  isProtectiveRole,
  oppositeSide,
} from '../../../src-main/engine/execution/order-types'
import { SerialQueue } from '../../../src-main/engine/serial-queue'
import { splitSymbol } from '../../../src-main/engine/execution/symbols'

const event = (fields: Partial<ExecutionEvent> = {}): ExecutionEvent => ({
  type: 'order.filled',
  timestampMs: 5,
  orderId: 'o-1',
  positionId: null,
  symbol: 'BTC/USDT',
  correlationId: 'c-1',
  payload: { size: '0.1' },
  ...fields,
})

describe('execution events', () => {
  it('maps to the execution_events bus payload', () => {
    expect(toExecutionEventPayload(event())).toEqual({
      event_type: 'order.filled',
      order_id: 'o-1',
      symbol: 'BTC/USDT',
      correlation_id: 'c-1',
      size: '0.1',
      timestamp_ms: 5,
    })
    expect(
      toExecutionEventPayload(
        event({ orderId: null, positionId: 'p-1', symbol: null, correlationId: null }),
      ),
    ).toEqual({
      event_type: 'order.filled',
      order_id: 'p-1',
      position_id: 'p-1',
      size: '0.1',
      timestamp_ms: 5,
    })
    expect(toExecutionEventPayload(event({ orderId: null })).order_id).toBe('none')
  })

  it.each([
    ['buy', { side: 'buy' }],
    ['sell', { side: 'sell' }],
    ['long', { position_side: 'long' }],
    ['short', { position_side: 'short' }],
  ])('carries side=%s as the topic expects it', (side, expected) => {
    const payload = toExecutionEventPayload(event({ payload: { side, size: '0.1' } }))
    expect(payload).toMatchObject(expected)
    expect(Object.keys(payload).filter((key) => key.endsWith('side'))).toEqual(
      Object.keys(expected),
    )
  })

  it('yields a payload the execution_events topic accepts for a position event', () => {
    const payload = toExecutionEventPayload(
      event({
        type: 'position.opened',
        positionId: 'p-1',
        payload: { side: 'long', size: '0.1', entry_price: '50000', leverage: 1 },
      }),
    )
    expect(executionEventPayload.safeParse(payload).success).toBe(true)
  })

  it('fans out to every publisher and filters by type in memory', async () => {
    const first = new InMemoryExecutionEventPublisher()
    const second = new InMemoryExecutionEventPublisher()
    await new FanOutExecutionEventPublisher([first, second]).publish(event())
    await first.publish(event({ type: 'order.open' }))
    expect(second.events).toHaveLength(1)
    expect(first.ofType('order.open')).toHaveLength(1)
  })

  it('gives the event to every publisher when one fails, then throws its error', async () => {
    const failing = {
      publish: async () => {
        throw new Error('audit table unavailable')
      },
    }
    const after = new InMemoryExecutionEventPublisher()
    const fanOut = new FanOutExecutionEventPublisher([failing, after])
    await expect(fanOut.publish(event())).rejects.toThrow('audit table unavailable')
    expect(after.events).toHaveLength(1)
    await expect(
      new FanOutExecutionEventPublisher([failing, failing, after]).publish(event()),
    ).rejects.toThrow('2 execution event publishers failed')
    expect(after.events).toHaveLength(2)
  })
})

describe('small helpers', () => {
  it('builds failure results with a CODE: details message', () => {
    expect(failure('INVALID_SIZE', 'size=0')).toEqual({
      success: false,
      code: 'INVALID_SIZE',
      message: 'INVALID_SIZE: size=0',
      order: null,
    })
    expect(failure('NOT_SYNCED', '')).toMatchObject({ message: 'NOT_SYNCED' })
  })

  it('knows sides, exit and protective roles and symbols', () => {
    expect(oppositeSide('buy')).toBe('sell')
    expect(oppositeSide('sell')).toBe('buy')
    expect(
      ['entry', 'close', 'rebalance', 'stop-loss', 'take-profit'].map((r) =>
        isExitRole(r as never),
      ),
    ).toEqual([false, true, false, true, true])
    expect(
      ['entry', 'close', 'rebalance', 'stop-loss', 'take-profit'].map((r) =>
        isProtectiveRole(r as never),
      ),
    ).toEqual([false, false, false, true, true])
    expect(splitSymbol('BTC/USDT')).toEqual({ base: 'BTC', quote: 'USDT' })
    expect(() => splitSymbol('BTCUSDT')).toThrow('INVALID_SYMBOL: symbol=BTCUSDT')
  })

  it('tells how old a price is and whether it is fresh enough to trade on', () => {
    const prices = new ManualPriceSource()
    expect(priceAgeMs(prices, 'BTC/USDT', 10_000)).toBeNull()
    expect(hasFreshPrice(prices, 'BTC/USDT', 10_000, 180_000)).toBe(false)
    prices.setPrice('BTC/USDT', new Decimal('50000'), 10_000)
    expect(priceAgeMs(prices, 'BTC/USDT', 190_000)).toBe(180_000)
    expect(hasFreshPrice(prices, 'BTC/USDT', 190_000, 180_000)).toBe(true)
    expect(hasFreshPrice(prices, 'BTC/USDT', 190_001, 180_000)).toBe(false)
  })

  it('calls a price stale only once it is older than the limit, never before the first', () => {
    const prices = new ManualPriceSource()
    expect(isPriceStale(prices, 'BTC/USDT', 10_000, 180_000)).toBe(false)
    prices.setPrice('BTC/USDT', new Decimal('50000'), 10_000)
    expect(isPriceStale(prices, 'BTC/USDT', 190_000, 180_000)).toBe(false)
    expect(isPriceStale(prices, 'BTC/USDT', 190_001, 180_000)).toBe(true)
  })

  it('runs queued tasks one at a time, in order, past failures', async () => {
    const queue = new SerialQueue()
    const order: string[] = []
    const slow = queue.run(async () => {
      await new Promise((resolve) => setImmediate(resolve))
      order.push('a')
    })
    const failing = queue.run(async () => {
      order.push('b')
      throw new Error('b failed')
    })
    const last = queue.run(async () => order.push('c'))
    await slow
    await expect(failing).rejects.toThrow('b failed')
    await last
    expect(order).toEqual(['a', 'b', 'c'])
  })

  it('serialises per key and frees the key afterwards', async () => {
    const lock = new KeyedLock()
    const order: string[] = []
    const a1 = lock.run('a', async () => {
      await new Promise((resolve) => setImmediate(resolve))
      order.push('a1')
    })
    const b = lock.run('b', async () => order.push('b'))
    const a2 = lock.run('a', async () => order.push('a2'))
    expect(lock.activeKeys).toBe(2)
    await Promise.all([a1, b, a2])
    expect(order).toEqual(['b', 'a1', 'a2'])
    expect(lock.activeKeys).toBe(0)
  })

  it('feeds prices to listeners, isolating a throwing one', () => {
    const errors: unknown[] = []
    const prices = new ManualPriceSource((error) => errors.push(error))
    const seen: string[] = []
    prices.onPrice(() => {
      throw new Error('listener broke')
    })
    const unsubscribe = prices.onPrice((tick) =>
      seen.push(`${tick.symbol}@${tick.price.toString()}`),
    )
    expect(prices.latestPrice('BTC/USDT')).toBeNull()
    prices.setPrice('BTC/USDT', new Decimal('45000'), 1)
    unsubscribe()
    prices.setPrice('BTC/USDT', new Decimal('46000'), 2)
    expect(seen).toEqual(['BTC/USDT@45000'])
    expect(errors).toHaveLength(2)
    expect(prices.latestPrice('BTC/USDT')?.toString()).toBe('46000')
    new ManualPriceSource().onPrice(() => {
      throw new Error('ignored')
    })
  })
})
