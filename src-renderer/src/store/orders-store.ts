import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { CommandInput, EngineEvent, Order } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import type { ActionOutcome, Loadable } from './loadable'
import { attempt, loadEntryInto, loadInto, notLoaded, withEntry } from './loadable'
import { PushesDuringLoad } from './pushes-during-load'

/** How many orders the history keeps. */
export const MAX_ORDER_HISTORY = 500

/** Statuses in which an order still rests at the venue (as reported by the engine). */
export const OPEN_ORDER_STATUSES: ReadonlySet<Order['status']> = new Set([
  'PENDING',
  'OPEN',
  'PARTIALLY_FILLED',
])

export interface OrdersState {
  open: Loadable<Order[]>
  history: Loadable<Order[]>
  /** Orders fetched one by one, with their status timeline. */
  details: Record<string, Loadable<Order>>
  cancelling: Record<string, true>
  errors: Record<string, ContractError>
  load(): Promise<void>
  loadHistory(limit?: number): Promise<void>
  loadDetail(id: string): Promise<void>
  cancel(id: string): Promise<ActionOutcome>
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type OrdersStore = StoreApi<OrdersState>

/** Returns the store for open orders, order history and cancelling. */
export function createOrdersStore(api: EngineApi): OrdersStore {
  const initial = {
    open: notLoaded<Order[]>(),
    history: notLoaded<Order[]>(),
    details: {},
    cancelling: {},
    errors: {},
  }
  // When each finished order finished, so late news of it being open is ignored.
  const finished = new Map<string, number>()
  const pushedWhileLoading = new PushesDuringLoad<Order>()
  const store: OrdersStore = createStore<OrdersState>()((set, get) => {
    /** Loads one list; an order pushed meanwhile is not lost to an answer read before it. */
    const loadList = (key: 'open' | 'history', input: CommandInput<'orders:list'>) =>
      pushedWhileLoading.around(
        () => loadInto(store, key, () => api.invoke('orders:list', input)),
        applyOrders,
      )

    function applyOrders(orders: readonly Order[]): void {
      const latest = new Map<string, Order>()
      for (const order of orders) {
        // An event sent before a cancel may arrive after its answer; it must not reopen the order.
        const finishedAt = finished.get(order.id)
        if (!OPEN_ORDER_STATUSES.has(order.status)) finished.set(order.id, order.updatedAt)
        else if (finishedAt !== undefined && finishedAt >= order.updatedAt) continue
        latest.set(order.id, order)
        pushedWhileLoading.note(order)
      }
      if (latest.size === 0) return
      const state = get()
      const patch: Partial<OrdersState> = {}
      if (state.open.data) {
        const known = new Set(state.open.data.map((order) => order.id))
        const merged = [
          ...[...latest.values()].filter((order) => !known.has(order.id)).reverse(),
          ...state.open.data.map((order) => latest.get(order.id) ?? order),
        ]
        patch.open = {
          ...state.open,
          data: merged.filter((order) => OPEN_ORDER_STATUSES.has(order.status)),
        }
      }
      if (state.history.data) {
        const known = new Set(state.history.data.map((order) => order.id))
        patch.history = {
          ...state.history,
          data: [
            ...[...latest.values()].filter((order) => !known.has(order.id)).reverse(),
            ...state.history.data.map((order) => latest.get(order.id) ?? order),
          ].slice(0, MAX_ORDER_HISTORY),
        }
      }
      const details = { ...state.details }
      let detailsChanged = false
      for (const order of latest.values()) {
        const detail = details[order.id]
        if (detail?.data) {
          // Events may omit the timeline; keep the fetched one and add the new status.
          const timeline = order.timeline ?? appendStatus(detail.data, order)
          details[order.id] = { ...detail, data: { ...order, timeline } }
          detailsChanged = true
        }
      }
      if (detailsChanged) patch.details = details
      set(patch)
    }

    return {
      ...initial,
      load: () => loadList('open', { status: 'open' }),
      loadHistory: (limit = 200) => loadList('history', { status: 'all', limit }),
      loadDetail: (id) =>
        loadEntryInto(store, 'details', id, () => api.invoke('orders:get', { id })),
      async cancel(id) {
        set({
          cancelling: withEntry(get().cancelling, id, true),
          errors: withEntry(get().errors, id, undefined),
        })
        const outcome = await attempt(async () =>
          applyOrders([await api.invoke('orders:cancel', { id })]),
        )
        set({
          cancelling: withEntry(get().cancelling, id, undefined),
          errors: withEntry(get().errors, id, outcome.ok ? undefined : outcome.error),
        })
        return outcome
      },
      applyEvents(batch) {
        const orders: Order[] = []
        for (const event of batch) {
          if (event.type === 'order.updated' || event.type === 'order.filled')
            orders.push(event.order)
        }
        applyOrders(orders)
      },
      reset: () => {
        pushedWhileLoading.clear()
        set(initial)
      },
    }
  })
  return store
}

function appendStatus(previous: Order, next: Order): NonNullable<Order['timeline']> {
  const timeline = previous.timeline ?? []
  const last = timeline[timeline.length - 1]
  if (last && last.status === next.status) return timeline
  return [...timeline, { status: next.status, at: next.updatedAt, details: null }]
}
