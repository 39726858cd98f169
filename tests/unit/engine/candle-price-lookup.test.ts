import Decimal from 'decimal.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MarketPriceSource } from '../../../src-main/engine/execution'
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

describe('candlePriceLookup', () => {
  let store: Store
  beforeAll(async () => {
    store = await openMemoryStore()
  })
  afterAll(async () => {
    await store.close()
  })

  it('answers with the last close known then, writing the candles still pending first', async () => {
    const candles = new CandleRepository(store.db)
    const latest: MarketPriceSource = {
      latestPrice: () => d('999'),
    } as unknown as MarketPriceSource
    let pending = [candle(T0, '100'), candle(T0 + MINUTE, '101')]
    const lookup = candlePriceLookup(candles, latest, {
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
})
