import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { CandleSeries, EngineEvent, MarketSnapshotView } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { Timeframe } from '../../../src-shared/symbols'
import type { Loadable } from './loadable'
import { loadEntryInto } from './loadable'

export interface LastPrice {
  price: string
  at: number
}

export interface MarketState {
  symbol: string
  timeframe: Timeframe
  /** Candle series by `symbol|timeframe`. */
  series: Record<string, Loadable<CandleSeries>>
  snapshots: Record<string, Loadable<MarketSnapshotView>>
  lastPrices: Record<string, LastPrice>
  selectSymbol(symbol: string): void
  selectTimeframe(timeframe: Timeframe): void
  loadCandles(symbol: string, timeframe: Timeframe, limit?: number): Promise<void>
  loadSnapshot(symbol: string): Promise<void>
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type MarketStore = StoreApi<MarketState>

/** Returns the key a candle series is stored under. */
export const seriesKey = (symbol: string, timeframe: string) => `${symbol}|${timeframe}`

/** Returns the store for candles, snapshots and last prices. */
export function createMarketStore(api: EngineApi): MarketStore {
  const initial = {
    symbol: 'BTC/USDT',
    timeframe: '1h' as Timeframe,
    series: {},
    snapshots: {},
    lastPrices: {},
  }
  const store: MarketStore = createStore<MarketState>()((set, get) => ({
    ...initial,
    selectSymbol: (symbol) => set({ symbol }),
    selectTimeframe: (timeframe) => set({ timeframe }),
    loadCandles: (symbol, timeframe, limit = 500) =>
      loadEntryInto(store, 'series', seriesKey(symbol, timeframe), () =>
        api.invoke('market:candles', { symbol, timeframe, limit }),
      ),
    loadSnapshot: (symbol) =>
      loadEntryInto(store, 'snapshots', symbol, () => api.invoke('market:snapshot', { symbol })),
    applyEvents(batch) {
      let prices: Record<string, LastPrice> | null = null
      for (const event of batch) {
        if (event.type !== 'market.tick') continue
        prices ??= { ...get().lastPrices }
        prices[event.symbol] = { price: event.price, at: event.at }
      }
      if (prices) set({ lastPrices: prices })
    },
    reset: () => set(initial),
  }))
  return store
}
