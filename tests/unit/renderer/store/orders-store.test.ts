import { describe, expect, it } from 'vitest'
import {
  createOrdersStore,
  MAX_ORDER_HISTORY,
} from '../../../../src-renderer/src/store/orders-store'
import { anOrder, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

async function loadedStore(api = new InMemoryEngineApi()) {
  const store = createOrdersStore(api)
  await store.getState().load()
  await store.getState().loadHistory()
  return { store, api }
}

describe('orders store', () => {
  it('loads open orders and the history', async () => {
    const { store, api } = await loadedStore()
    expect(api.callsOf('orders:list')).toEqual([{ status: 'open' }, { status: 'all', limit: 200 }])
    expect(store.getState().open.data?.map((order) => order.id)).toEqual(['ord-1'])
    expect(store.getState().history.data).toHaveLength(2)
  })

  it('cancels an order: it leaves the open list and its history entry shows CANCELLED', async () => {
    const { store, api } = await loadedStore()
    const running = store.getState().cancel('ord-1')
    expect(store.getState().cancelling).toEqual({ 'ord-1': true })
    expect(await running).toEqual({ ok: true })
    expect(api.callsOf('orders:cancel')).toEqual([{ id: 'ord-1' }])
    expect(store.getState().open.data).toEqual([])
    expect(store.getState().history.data?.find((order) => order.id === 'ord-1')?.status).toBe(
      'CANCELLED',
    )
    expect(store.getState().cancelling).toEqual({})
  })

  it('ignores an open-order event older than the cancel that finished the order', async () => {
    const { store } = await loadedStore()
    await store.getState().cancel('ord-1')
    const cancelledAt = store.getState().history.data?.find((o) => o.id === 'ord-1')?.updatedAt ?? 0
    store
      .getState()
      .applyEvents([events.orderUpdated({ id: 'ord-1', status: 'OPEN', updatedAt: cancelledAt })])
    expect(store.getState().open.data).toEqual([])
    store
      .getState()
      .applyEvents([
        events.orderUpdated({ id: 'ord-1', status: 'OPEN', updatedAt: cancelledAt - 1 }),
      ])
    expect(store.getState().open.data).toEqual([])
    expect(store.getState().history.data?.find((o) => o.id === 'ord-1')?.status).toBe('CANCELLED')
  })

  it('keeps what was pushed while the open orders loaded over the older answer', async () => {
    const api = new InMemoryEngineApi()
    const answer = api.defer('orders:list')
    const store = createOrdersStore(api)
    const loading = store.getState().load()
    // Placed and filled after the engine read the list, pushed before its answer came.
    store
      .getState()
      .applyEvents([events.orderUpdated({ id: 'ord-new' }), events.orderFilled({ id: 'ord-1' })])
    answer.resolve([anOrder({ id: 'ord-1' }), anOrder({ id: 'ord-2' })])
    await loading
    expect(store.getState().open.data?.map((order) => order.id)).toEqual(['ord-new', 'ord-2'])
  })

  it('records a refused cancel under the order', async () => {
    const api = new InMemoryEngineApi().reject(
      'orders:cancel',
      'NOT_FOUND',
      'order already filled id=ord-1',
    )
    const { store } = await loadedStore(api)
    await store.getState().cancel('ord-1')
    expect(store.getState().errors['ord-1']).toEqual({
      code: 'NOT_FOUND',
      message: 'order already filled id=ord-1',
    })
    expect(store.getState().open.data).toHaveLength(1)
  })

  it('adds new orders on top, updates known ones and drops finished ones from the open list', async () => {
    const { store } = await loadedStore()
    store
      .getState()
      .applyEvents([
        events.orderUpdated({ id: 'ord-7', clientOrderId: 'tg-7' }),
        events.orderFilled({ id: 'ord-1' }),
      ])
    expect(store.getState().open.data?.map((order) => order.id)).toEqual(['ord-7'])
    expect(store.getState().history.data?.map((order) => [order.id, order.status])).toEqual([
      ['ord-7', 'OPEN'],
      ['ord-1', 'FILLED'],
      ['ord-0', 'FILLED'],
    ])
  })

  it('keeps the history bounded', async () => {
    const { store } = await loadedStore()
    store
      .getState()
      .applyEvents(
        Array.from({ length: MAX_ORDER_HISTORY + 5 }, (_, index) =>
          events.orderUpdated({ id: `o-${index}` }),
        ),
      )
    expect(store.getState().history.data).toHaveLength(MAX_ORDER_HISTORY)
  })

  it('loads an order with its timeline and extends the timeline from later events', async () => {
    const { store } = await loadedStore()
    await store.getState().loadDetail('ord-1')
    expect(store.getState().details['ord-1']?.data?.timeline?.map((step) => step.status)).toEqual([
      'PENDING',
      'OPEN',
    ])
    store.getState().applyEvents([events.orderUpdated({ id: 'ord-1', status: 'OPEN' })])
    store.getState().applyEvents([events.orderFilled({ id: 'ord-1', updatedAt: 99 })])
    expect(store.getState().details['ord-1']?.data?.timeline).toEqual([
      { status: 'PENDING', at: 1, details: null },
      { status: 'OPEN', at: 2, details: { externalId: 'OABC-123' } },
      { status: 'FILLED', at: 99, details: null },
    ])
  })

  it('records a failed detail load', async () => {
    const api = new InMemoryEngineApi().reject('orders:get', 'NOT_FOUND', 'no order id=x')
    const { store } = await loadedStore(api)
    await store.getState().loadDetail('x')
    expect(store.getState().details.x).toEqual({
      data: null,
      isLoading: false,
      error: { code: 'NOT_FOUND', message: 'no order id=x' },
    })
  })
})
