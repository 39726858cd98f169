import { describe, expect, it } from 'vitest'
import {
  createActivityStore,
  MAX_ACTIVITY,
} from '../../../../src-renderer/src/store/activity-store'
import { createConnectionStore } from '../../../../src-renderer/src/store/connection-store'
import {
  createStores,
  loadEssentials,
  resetStores,
} from '../../../../src-renderer/src/store/stores'
import { CONNECTED } from '../../../../src-renderer/src/api/connection'
import { aCoordinatorStatus, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('activity store', () => {
  it('adds feed lines newest first and keeps at most MAX_ACTIVITY', () => {
    const store = createActivityStore(new InMemoryEngineApi())
    store.getState().applyEvents([events.notice('one'), events.tick(), events.notice('two')])
    expect(store.getState().entries.map((entry) => entry.text)).toEqual(['two', 'one'])
    store.getState().applyEvents(Array.from({ length: MAX_ACTIVITY + 5 }, () => events.notice('x')))
    expect(store.getState().entries).toHaveLength(MAX_ACTIVITY)
  })

  it('reports the first coordinator change after the seeded state', () => {
    const store = createActivityStore(new InMemoryEngineApi())
    store.getState().seedCoordinator(aCoordinatorStatus({ pausedSymbols: ['XRP/USDT'] }))
    store
      .getState()
      .applyEvents([events.coordinatorState({ state: 'PAUSED', pausedSymbols: ['XRP/USDT'] })])
    expect(store.getState().entries.map((entry) => entry.text)).toEqual([
      'Coordinator RUNNING → PAUSED',
    ])
    store.getState().reset()
    expect(store.getState().entries).toEqual([])
  })
})

describe('activity store: recent events', () => {
  const texts = (store: ReturnType<typeof createActivityStore>) =>
    store.getState().entries.map((entry) => entry.text)

  it("fills the feed from the engine's recent events, newest first", async () => {
    const api = new InMemoryEngineApi().handle('events:recent', () => [
      events.notice('engine started', 'info', 1000),
      events.orderFilled({}, 2000),
      events.riskAlert(undefined, undefined, undefined, 3000),
    ])
    const store = createActivityStore(api)
    await store.getState().loadRecent()
    expect(api.callsOf('events:recent')).toEqual([{ limit: MAX_ACTIVITY }])
    expect(store.getState().entries.map((entry) => entry.at)).toEqual([3000, 2000, 1000])
    expect(texts(store).at(-1)).toBe('engine started')
  })

  it('shows an event once whether it came pushed, recent, or both, in either order', async () => {
    const early = events.notice('early', 'info', 1000)
    const both = events.orderFilled({ id: 'ord-9' }, 2000)
    const late = events.notice('late', 'info', 3000)
    const api = new InMemoryEngineApi().handle('events:recent', () => [
      early,
      // The same event as pushed, its keys in another order (it took another path).
      JSON.parse(
        JSON.stringify({
          order: (both as { order: unknown }).order,
          at: 2000,
          type: 'order.filled',
        }),
      ),
    ])
    const store = createActivityStore(api)
    store.getState().applyEvents([both, late])
    await store.getState().loadRecent()
    expect(texts(store)).toEqual(['late', expect.stringMatching(/^Filled BUY/), 'early'])
    // Pushed after the recent events carried it: still once. A reload brings nothing new.
    store.getState().applyEvents([early])
    await store.getState().loadRecent()
    expect(store.getState().entries).toHaveLength(3)
  })

  it('leaves out an order line that repeats the state before it, as a later page load does', async () => {
    const placed = events.orderUpdated({ id: 'ord-5', status: 'OPEN' }, 1000)
    const polled = events.orderUpdated({ id: 'ord-5', status: 'OPEN' }, 2000)
    const recent = () => [placed, polled]
    const shownLines = (store: ReturnType<typeof createActivityStore>) =>
      store.getState().entries.map((entry) => [entry.at, entry.text])
    // The poll's copy was pushed before the recent events (which hold both) arrived.
    const live = createActivityStore(new InMemoryEngineApi().handle('events:recent', recent))
    live.getState().applyEvents([polled])
    await live.getState().loadRecent()
    const reloaded = createActivityStore(new InMemoryEngineApi().handle('events:recent', recent))
    await reloaded.getState().loadRecent()
    expect(shownLines(live)).toEqual([[1000, 'Order BUY 0.05 BTC/USDT limit open']])
    expect(shownLines(reloaded)).toEqual(shownLines(live))
    // What the merge told is remembered: another repeat is left out, a change is told.
    live.getState().applyEvents([events.orderUpdated({ id: 'ord-5', status: 'OPEN' }, 3000)])
    live.getState().applyEvents([events.orderUpdated({ id: 'ord-5', status: 'CANCELLED' }, 4000)])
    expect(texts(live)).toEqual([
      'Order BUY 0.05 BTC/USDT limit cancelled',
      'Order BUY 0.05 BTC/USDT limit open',
    ])
  })

  it('tells the first coordinator change among the recent events against the state before it', async () => {
    const running = events.coordinatorState({ state: 'RUNNING' })
    const paused = { ...events.coordinatorState({ state: 'PAUSED' }), at: running.at + 1000 }
    const api = new InMemoryEngineApi().handle('events:recent', () => [running, paused])
    const reloaded = createActivityStore(api)
    await reloaded.getState().loadRecent()
    expect(texts(reloaded)).toEqual(['Coordinator RUNNING → PAUSED'])
    // The state before was pushed already: it still counts.
    const live = createActivityStore(api)
    live.getState().applyEvents([running])
    await live.getState().loadRecent()
    expect(texts(live)).toEqual(['Coordinator RUNNING → PAUSED'])
  })

  it('puts lines pushed meanwhile above recent events of the same moment', async () => {
    const api = new InMemoryEngineApi().handle('events:recent', () => [
      events.notice('first', 'info', 1000),
      events.notice('second', 'info', 1000),
    ])
    const store = createActivityStore(api)
    store.getState().applyEvents([events.notice('third', 'info', 1000)])
    await store.getState().loadRecent()
    expect(texts(store)).toEqual(['third', 'second', 'first'])
  })

  it('keeps the live feed and records why when the recent events cannot be loaded', async () => {
    const api = new InMemoryEngineApi().reject('events:recent', 'UNAVAILABLE', 'engine restarting')
    const store = createActivityStore(api)
    store.getState().applyEvents([events.notice('live')])
    await store.getState().loadRecent()
    expect(texts(store)).toEqual(['live'])
    expect(store.getState().recentError).toEqual({
      code: 'UNAVAILABLE',
      message: 'engine restarting',
    })
    api.handle('events:recent', () => [])
    await store.getState().loadRecent()
    expect(store.getState().recentError).toBeNull()
  })

  it('is loaded with the essentials, so a page load shows what happened before it', async () => {
    const api = new InMemoryEngineApi().handle('events:recent', () => [
      events.notice('before the reload', 'info', 1000),
    ])
    const stores = createStores(api)
    await loadEssentials(stores)
    expect(stores.activity.getState().entries.map((entry) => entry.text)).toEqual([
      'before the reload',
    ])
  })
})

describe('connection store', () => {
  it('counts reconnects so views can reload', () => {
    const store = createConnectionStore(CONNECTED)
    store
      .getState()
      .setConnection({ status: 'reconnecting', attempt: 1, retryAt: 5, lastError: 'closed' })
    store
      .getState()
      .setConnection({ status: 'reconnecting', attempt: 2, retryAt: 9, lastError: 'closed' })
    expect(store.getState().generation).toBe(0)
    store.getState().setConnection(CONNECTED)
    expect(store.getState().generation).toBe(1)
  })
})

describe('stores', () => {
  it('seed the activity feed from the loaded coordinator status and reset together', async () => {
    const api = new InMemoryEngineApi()
    const stores = createStores(api)
    await stores.coordinator.getState().load()
    stores.activity.getState().applyEvents([events.coordinatorState({ state: 'HALTED' })])
    expect(stores.activity.getState().entries[0]?.text).toBe('Coordinator RUNNING → HALTED')
    stores.navigation.getState().go('orders')
    resetStores(stores)
    expect(stores.coordinator.getState().status.data).toBeNull()
    expect(stores.activity.getState().entries).toEqual([])
    expect(stores.navigation.getState().view).toBe('overview')
  })
})
