import { describe, expect, it } from 'vitest'
import {
  createActivityStore,
  MAX_ACTIVITY,
} from '../../../../src-renderer/src/store/activity-store'
import { createConnectionStore } from '../../../../src-renderer/src/store/connection-store'
import { createStores, resetStores } from '../../../../src-renderer/src/store/stores'
import { CONNECTED } from '../../../../src-renderer/src/api/connection'
import { events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('activity store', () => {
  it('adds feed lines newest first and keeps at most MAX_ACTIVITY', () => {
    const store = createActivityStore()
    store.getState().applyEvents([events.notice('one'), events.tick(), events.notice('two')])
    expect(store.getState().entries.map((entry) => entry.text)).toEqual(['two', 'one'])
    store.getState().applyEvents(Array.from({ length: MAX_ACTIVITY + 5 }, () => events.notice('x')))
    expect(store.getState().entries).toHaveLength(MAX_ACTIVITY)
  })

  it('reports the first coordinator change after the seeded state', () => {
    const store = createActivityStore()
    store.getState().seedCoordinator('RUNNING', 'NORMAL')
    store.getState().applyEvents([events.coordinatorState({ state: 'PAUSED' })])
    expect(store.getState().entries.map((entry) => entry.text)).toEqual([
      'Coordinator RUNNING → PAUSED',
    ])
    store.getState().reset()
    expect(store.getState().entries).toEqual([])
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
