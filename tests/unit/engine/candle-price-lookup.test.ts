import Decimal from 'decimal.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  Candle,
  LatestPrices,
  SymbolMarketState,
  type MarketStateReader,
} from '../../../src-main/engine/market'
import { CandleRepository, type Store } from '../../../src-main/engine/store'
import { candlePriceLookup } from '../../../src-main/engine/wiring/candle-price-lookup'
import { openMemoryStore } from '../../helpers/test-store'

const T0 = Date.UTC(2025, 0, 1)
const MINUTE = 60_000
const d = (value: string) => new Decimal(value)
const candle = (timestampMs: number, close: string) => ({
  timestampMs,
  open: d(close),
  high: d(close),
  low: d(close),
  close: d(close),
  volume: d('1'),
})

/** A market holding `candles` of BTC/USDT in its 1-minute history and 999 as latest price. */
function aMarket(candles: ReturnType<typeof candle>[]): MarketStateReader {
  const state = new SymbolMarketState({ symbol: 'BTC/USDT', timeframes: ['1m'], historyLength: 10 })
  for (const row of candles) expect(state.accept(Candle.fromDecimals(row))).toBeNull()
  const latestPrices = new LatestPrices(silentLogger())
  latestPrices.update('BTC/USDT', '999', T0 + 1000 * MINUTE)
  return {
    symbols: ['BTC/USDT'],
    latestPrices,
    symbolState: (symbol) => (symbol === 'BTC/USDT' ? state : null),
  }
}

describe('candlePriceLookup', () => {
  let store: Store
  beforeAll(async () => {
    store = await openMemoryStore()
  })
  afterAll(async () => {
    await store.close()
  })
  beforeEach(async () => {
    await store.execute('DELETE FROM candles')
  })

  it('asks the store for a moment the history in memory does not reach, writing the pending candles first', async () => {
    const candles = new CandleRepository(store.db)
    let pending = [candle(T0, '100'), candle(T0 + MINUTE, '101')]
    const lookup = candlePriceLookup(candles, aMarket([]), {
      flush: async () => {
        await candles.insertMany('BTC/USDT', '1m', pending)
        pending = []
      },
    })
    // The last close known at that moment: the candle that closed at the start of its minute.
    expect((await lookup.priceAt('BTC/USDT', T0 + MINUTE + 30_000))?.toFixed()).toBe('100')
    expect(pending).toEqual([])
    expect((await lookup.priceAt('BTC/USDT', T0 + 2 * MINUTE))?.toFixed()).toBe('101')
    // A minute with no closed candle yet is the latest price.
    expect((await lookup.priceAt('BTC/USDT', T0 + 10 * MINUTE))?.toFixed()).toBe('999')
  })

  it('answers from the 1-minute history in memory when it reaches back that far, asking the store nothing', async () => {
    let flushes = 0
    const market = aMarket([
      candle(T0, '100'),
      candle(T0 + MINUTE, '101'),
      // T0 + 2 min is missing (a gap).
      candle(T0 + 3 * MINUTE, '103'),
    ])
    const lookup = candlePriceLookup(new CandleRepository(store.db), market, {
      flush: async () => {
        flushes++
      },
    })
    expect((await lookup.priceAt('BTC/USDT', T0 + MINUTE + 30_000))?.toFixed()).toBe('100')
    expect((await lookup.priceAt('BTC/USDT', T0 + 2 * MINUTE))?.toFixed()).toBe('101')
    // The candle closing as the minute began is missing: the one covering the minute closes it.
    expect((await lookup.priceAt('BTC/USDT', T0 + 3 * MINUTE))?.toFixed()).toBe('103')
    // Neither is closed yet: the latest price.
    expect((await lookup.priceAt('BTC/USDT', T0 + 10 * MINUTE))?.toFixed()).toBe('999')
    expect(flushes).toBe(0)
    // Before the history's first candle: the store (empty here), then the latest price.
    expect((await lookup.priceAt('BTC/USDT', T0))?.toFixed()).toBe('999')
    expect(flushes).toBe(1)
  })
})
