import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { Topics } from '../../../src-main/engine/bus'
import { aBus } from './bus-test-kit'

/** Returns a function that runs a full garbage collection (V8's gc, exposed at runtime). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

const FLOOD = 200_000

describe('MessageBus under a sustained flood', () => {
  it('keeps history, the latest index and the heap flat', async () => {
    const gc = exposeGc()
    const { bus, clock } = aBus({ maxHistory: 1_000 })
    let received = 0
    bus.subscribe('counter', Topics.MARKET_DATA, () => {
      received++
    })
    bus.subscribe(
      'btc',
      Topics.MARKET_DATA,
      () => {},
      (m) => m.payload.symbol === 'BTC/USDT',
    )
    const symbols = ['BTC/USDT', 'XRP/USDT', 'ETH/USDT', 'SOL/USDT']
    let heapAfterWarmUp = 0
    for (let i = 0; i < FLOOD; i++) {
      bus.publish({
        topic: Topics.MARKET_DATA,
        source: 'feed',
        payload: {
          symbol: symbols[i % symbols.length] as string,
          price: `${60_000 + (i % 1_000)}.5`,
          sequence: i,
        },
      })
      if (i % 1_000 === 999) await clock.advance(1)
      if (i === FLOOD / 4) {
        gc()
        heapAfterWarmUp = process.memoryUsage().heapUsed
      }
    }
    gc()
    const heapGrowth = process.memoryUsage().heapUsed - heapAfterWarmUp

    const metrics = bus.metrics()
    expect(received).toBe(FLOOD)
    expect(metrics.historySize).toBe(1_000)
    expect(metrics.historyEvicted).toBe(FLOOD - 1_000)
    expect(metrics.latestIndexSize).toBe(2 + 2 * symbols.length)
    expect(metrics).toMatchObject({ queuedMessages: 0, pendingDeliveries: 0, handlersInFlight: 0 })
    expect(metrics.topics.market_data).toMatchObject({
      published: FLOOD,
      delivered: FLOOD + FLOOD / 4,
      dropped: 0,
    })
    // 150,000 retained messages would take tens of MB; a bounded bus stays within noise.
    expect(heapGrowth).toBeLessThan(8 * 1024 * 1024)
  })

  it('bounds what waits for a subscriber that cannot keep up', async () => {
    const { bus, clock } = aBus({
      maxHistory: 100,
      maxPendingPerSubscription: 500,
      handlerTimeoutMs: 60_000,
    })
    bus.subscribe('stuck', Topics.MARKET_DATA, () => clock.sleep(30_000))
    for (let i = 0; i < 20_000; i++) {
      bus.publish({ topic: Topics.MARKET_DATA, source: 'feed', payload: { symbol: 'BTC/USDT' } })
    }
    const metrics = bus.metrics()
    expect(metrics.pendingDeliveries).toBe(500)
    expect(metrics.historySize).toBe(100)
    expect(metrics.topics.market_data).toMatchObject({ delivered: 1, dropped: 20_000 - 1 - 500 })
    await clock.advance(30_000)
  })
})
