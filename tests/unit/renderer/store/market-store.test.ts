import { describe, expect, it } from 'vitest'
import { createMarketStore, seriesKey } from '../../../../src-renderer/src/store/market-store'
import { events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('market store', () => {
  it('loads candles per symbol and timeframe', async () => {
    const api = new InMemoryEngineApi()
    const store = createMarketStore(api)
    await store.getState().loadCandles('XRP/USDT', '4h', 120)
    expect(api.callsOf('market:candles')).toEqual([
      { symbol: 'XRP/USDT', timeframe: '4h', limit: 120 },
    ])
    expect(store.getState().series[seriesKey('XRP/USDT', '4h')]?.data?.candles).toHaveLength(120)
  })

  it('records a candle load error with the engine message', async () => {
    const api = new InMemoryEngineApi().reject(
      'market:candles',
      'UNAVAILABLE',
      'no market data yet symbol=ETH/BTC',
    )
    const store = createMarketStore(api)
    await store.getState().loadCandles('ETH/BTC', '1h')
    expect(store.getState().series[seriesKey('ETH/BTC', '1h')]?.error?.message).toBe(
      'no market data yet symbol=ETH/BTC',
    )
  })

  it('loads snapshots and remembers the latest tick per symbol', async () => {
    const store = createMarketStore(new InMemoryEngineApi())
    await store.getState().loadSnapshot('BTC/USDT')
    expect(store.getState().snapshots['BTC/USDT']?.data?.price).toBe('66000.00')
    store
      .getState()
      .applyEvents([
        events.tick('BTC/USDT', '1', 1),
        events.tick('XRP/USDT', '2', 2),
        events.tick('BTC/USDT', '3', 3),
      ])
    expect(store.getState().lastPrices).toEqual({
      'BTC/USDT': { price: '3', at: 3 },
      'XRP/USDT': { price: '2', at: 2 },
    })
  })

  it('selects symbol and timeframe, and resets', () => {
    const store = createMarketStore(new InMemoryEngineApi())
    store.getState().selectSymbol('ETH/USDT')
    store.getState().selectTimeframe('15m')
    expect(store.getState()).toMatchObject({ symbol: 'ETH/USDT', timeframe: '15m' })
    store.getState().reset()
    expect(store.getState()).toMatchObject({ symbol: 'BTC/USDT', timeframe: '1h' })
  })
})
