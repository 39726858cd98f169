import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { CandleSeries, EngineEvent, MarketSnapshotView } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import { TIMEFRAME_DURATIONS_MS, type Timeframe } from '../../../src-shared/symbols'
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

/**
 * `series` with its forming candle moved by a tick of its symbol inside the candle's time: the
 * close is the price, the high and low take it in. Null when there is nothing to move (another
 * symbol, no forming candle, or a tick outside it: the next load brings the next candle).
 */
export function withTick(
  series: CandleSeries,
  tick: { symbol: string; price: string; at: number },
): CandleSeries | null {
  const forming = series.forming
  const durationMs = TIMEFRAME_DURATIONS_MS[series.timeframe as Timeframe]
  if (forming === null || series.symbol !== tick.symbol || durationMs === undefined) return null
  if (tick.at < forming.t || tick.at >= forming.t + durationMs) return null
  const price = Number(tick.price)
  return {
    ...series,
    forming: {
      ...forming,
      h: price > Number(forming.h) ? tick.price : forming.h,
      l: price < Number(forming.l) ? tick.price : forming.l,
      c: tick.price,
    },
  }
}

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
      let series: Record<string, Loadable<CandleSeries>> | null = null
      for (const event of batch) {
        if (event.type !== 'market.tick') continue
        prices ??= { ...get().lastPrices }
        prices[event.symbol] = { price: event.price, at: event.at }
        // Between loads the forming candles of the symbol follow its price.
        for (const [key, entry] of Object.entries(series ?? get().series)) {
          const moved = entry.data ? withTick(entry.data, event) : null
          if (moved === null) continue
          series ??= { ...get().series }
          series[key] = { ...entry, data: moved }
        }
      }
      if (prices) set(series ? { lastPrices: prices, series } : { lastPrices: prices })
    },
    reset: () => set(initial),
  }))
  return store
}
