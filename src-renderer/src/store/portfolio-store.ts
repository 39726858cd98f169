import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { Allocation, EngineEvent, EquityPoint, Exposure } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { Loadable } from './loadable'
import { loadInto, notLoaded } from './loadable'

/** The longest equity curve the store keeps in memory. */
export const MAX_EQUITY_POINTS = 5000

/** Live updates closer together than this (event time) do not add a curve point. */
export const MIN_EQUITY_POINT_SPACING_MS = 1000

/**
 * Live points closer than this fraction of the curve's time span are not added either: the
 * chart could not show them, and redrawing it for each one costs frames.
 */
export const EQUITY_POINT_SPAN_FRACTION = 1 / 500

export interface LiveEquity {
  equity: string
  dailyPnl: string
  at: number
}

export interface PortfolioState {
  allocation: Loadable<Allocation>
  exposure: Loadable<Exposure>
  equityCurve: Loadable<EquityPoint[]>
  /** The latest `equity.updated` event. */
  live: LiveEquity | null
  loadAllocation(): Promise<void>
  loadExposure(): Promise<void>
  loadEquityCurve(maxPoints?: number): Promise<void>
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type PortfolioStore = StoreApi<PortfolioState>

/** Returns the store for equity, allocation and exposure. */
export function createPortfolioStore(api: EngineApi): PortfolioStore {
  const initial = {
    allocation: notLoaded<Allocation>(),
    exposure: notLoaded<Exposure>(),
    equityCurve: notLoaded<EquityPoint[]>(),
    live: null,
  }
  const store: PortfolioStore = createStore<PortfolioState>()((set, get) => ({
    ...initial,
    loadAllocation: () => loadInto(store, 'allocation', () => api.invoke('portfolio:allocation')),
    loadExposure: () => loadInto(store, 'exposure', () => api.invoke('positions:exposure')),
    loadEquityCurve: (maxPoints = 1000) =>
      loadInto(store, 'equityCurve', () => api.invoke('portfolio:equityCurve', { maxPoints })),
    applyEvents(batch) {
      // A fill is what changes balances: an allocation someone has looked at is fetched
      // again at once rather than at its next periodic reload.
      if (get().allocation.data && batch.some((event) => event.type === 'order.filled')) {
        void get().loadAllocation()
      }
      const updates = batch.filter(
        (event): event is Extract<EngineEvent, { type: 'equity.updated' }> =>
          event.type === 'equity.updated',
      )
      const last = updates[updates.length - 1]
      if (!last) return
      const curve = get().equityCurve
      const patch: Partial<PortfolioState> = {
        live: { equity: last.equity, dailyPnl: last.dailyPnl, at: last.at },
      }
      if (curve.data) {
        const fresh: EquityPoint[] = []
        const firstAt = curve.data[0]?.timestamp
        let lastAt = curve.data[curve.data.length - 1]?.timestamp ?? -Infinity
        const spacing = Math.max(
          MIN_EQUITY_POINT_SPACING_MS,
          firstAt === undefined ? 0 : (lastAt - firstAt) * EQUITY_POINT_SPAN_FRACTION,
        )
        for (const update of updates) {
          if (update.at - lastAt < spacing) continue
          fresh.push({ timestamp: update.at, equity: update.equity })
          lastAt = update.at
        }
        if (fresh.length > 0) {
          patch.equityCurve = {
            ...curve,
            data: [...curve.data, ...fresh].slice(-MAX_EQUITY_POINTS),
          }
        }
      }
      set(patch)
    },
    reset: () => set(initial),
  }))
  return store
}
