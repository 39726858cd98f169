import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type {
  Allocation,
  EngineEvent,
  EquityPoint,
  Exposure,
  PortfolioChange,
  RebalanceBatch,
} from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import type { ActionOutcome, Loadable } from './loadable'
import { attempt, loadInto, notLoaded, withEntry } from './loadable'

/** The portfolio changes that change the list of pending batches. */
const BATCH_CHANGES: readonly PortfolioChange[] = [
  'rebalance_checked',
  'rebalance_trade_executed',
  'rebalance_trade_failed',
  'rebalance_batches_cancelled',
]

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
  /** The DCA batches of rebalances waiting to trade, in execution order. */
  batches: Loadable<RebalanceBatch[]>
  /** Batch ids and rebalance ids whose cancel is in flight. */
  cancelling: Record<string, true>
  /** Why the latest cancel was refused, and of which batch or rebalance; cleared by the next. */
  cancelError: { id: string; error: ContractError } | null
  /** The latest `equity.updated` event. */
  live: LiveEquity | null
  loadAllocation(): Promise<void>
  loadExposure(): Promise<void>
  loadEquityCurve(maxPoints?: number): Promise<void>
  loadBatches(): Promise<void>
  /** Cancels one pending batch, then reloads the list (a refused one may have run meanwhile). */
  cancelBatch(id: string): Promise<ActionOutcome>
  /** Cancels every pending batch of a rebalance, then reloads the list. */
  cancelRebalance(rebalanceId: string): Promise<ActionOutcome>
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type PortfolioStore = StoreApi<PortfolioState>

/** Returns the store for equity, allocation, exposure and the scheduled rebalance batches. */
export function createPortfolioStore(api: EngineApi): PortfolioStore {
  const initial = {
    allocation: notLoaded<Allocation>(),
    exposure: notLoaded<Exposure>(),
    equityCurve: notLoaded<EquityPoint[]>(),
    batches: notLoaded<RebalanceBatch[]>(),
    cancelling: {},
    cancelError: null,
    live: null,
  }
  const store: PortfolioStore = createStore<PortfolioState>()((set, get) => ({
    ...initial,
    loadAllocation: () => loadInto(store, 'allocation', () => api.invoke('portfolio:allocation')),
    loadExposure: () => loadInto(store, 'exposure', () => api.invoke('positions:exposure')),
    loadEquityCurve: (maxPoints = 1000) =>
      loadInto(store, 'equityCurve', () => api.invoke('portfolio:equityCurve', { maxPoints })),
    loadBatches: () => loadInto(store, 'batches', () => api.invoke('portfolio:pendingBatches')),
    cancelBatch: (id) => cancel(store, id, () => api.invoke('portfolio:cancelBatch', { id })),
    cancelRebalance: (rebalanceId) =>
      cancel(store, rebalanceId, () =>
        api.invoke('portfolio:cancelRebalance', { id: rebalanceId }),
      ),
    applyEvents(batch) {
      const changes = new Set(
        batch.flatMap((event) => (event.type === 'portfolio.changed' ? [event.change] : [])),
      )
      // A fill or a hodl bag change moves balances: an allocation someone has looked at is
      // fetched again at once rather than at its next periodic reload.
      const isAllocationMoved =
        changes.has('hodl_bag_changed') || batch.some((event) => event.type === 'order.filled')
      if (get().allocation.data && isAllocationMoved) void get().loadAllocation()
      // Batches scheduled, run or cancelled (by anyone: the app menu's kill switch too): a list
      // someone has looked at is fetched again.
      if (get().batches.data && BATCH_CHANGES.some((change) => changes.has(change))) {
        void get().loadBatches()
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

/**
 * Runs the cancel of a batch or a rebalance (`id`), keeps its refusal and reloads the list
 * either way: what was cancelled leaves it, and a refused batch has usually just run.
 */
async function cancel(
  store: PortfolioStore,
  id: string,
  run: () => Promise<unknown>,
): Promise<ActionOutcome> {
  store.setState({
    cancelling: withEntry(store.getState().cancelling, id, true),
    cancelError: null,
  })
  const outcome = await attempt(run)
  await store.getState().loadBatches()
  store.setState({
    cancelling: withEntry(store.getState().cancelling, id, undefined),
    ...(outcome.ok ? {} : { cancelError: { id, error: outcome.error } }),
  })
  return outcome
}
