import { describe, expect, it } from 'vitest'
import { createModelsStore } from '../../../../src-renderer/src/store/models-store'
import { events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('models store', () => {
  it('loads comparison, assignments, health and the Ollama list', async () => {
    const api = new InMemoryEngineApi()
    const store = createModelsStore(api)
    const state = store.getState()
    await Promise.all([
      state.loadComparison(),
      state.loadAssignments(),
      state.loadHealth(),
      state.loadOllama(),
    ])
    expect(store.getState().comparison.data).toHaveLength(2)
    expect(store.getState().assignments.data).toHaveLength(2)
    expect(store.getState().health.data).toHaveLength(3)
    expect(store.getState().ollama.data?.models).toHaveLength(2)
  })

  it('starts a pull, follows its progress events and reloads the list when it is done', async () => {
    const api = new InMemoryEngineApi()
    const store = createModelsStore(api)
    await store.getState().pull('phi3:mini')
    expect(store.getState().pulls['pull-1']).toMatchObject({
      name: 'phi3:mini',
      status: 'starting',
      isDone: false,
    })
    store.getState().applyEvents([events.pullProgress({ completedBytes: 100, totalBytes: 400 })])
    expect(store.getState().pulls['pull-1']).toMatchObject({
      completedBytes: 100,
      totalBytes: 400,
      status: 'downloading',
    })
    store
      .getState()
      .applyEvents([
        events.pullProgress({ status: 'verifying', completedBytes: null, totalBytes: null }),
      ])
    expect(store.getState().pulls['pull-1']).toMatchObject({
      completedBytes: 100,
      totalBytes: 400,
      status: 'verifying',
    })
    store.getState().applyEvents([events.pullProgress({ status: 'success', isDone: true })])
    expect(store.getState().pulls['pull-1']?.isDone).toBe(true)
    expect(api.callsOf('ollama:list')).toHaveLength(1)
    store.getState().dismissPull('pull-1')
    expect(store.getState().pulls).toEqual({})
  })

  it('keeps a pull refusal for the form', async () => {
    const api = new InMemoryEngineApi().reject(
      'ollama:pull',
      'UNAVAILABLE',
      'Ollama is not reachable',
    )
    const store = createModelsStore(api)
    const outcome = await store.getState().pull('phi3:mini')
    expect(outcome.ok).toBe(false)
    expect(store.getState().pullError).toEqual({
      code: 'UNAVAILABLE',
      message: 'Ollama is not reachable',
    })
  })

  it('cancels a pull, marking it cancelling until the final event', async () => {
    const api = new InMemoryEngineApi()
    const store = createModelsStore(api)
    await store.getState().pull('phi3:mini')
    const pending = api.defer('ollama:cancelPull')
    const cancelling = store.getState().cancelPull('pull-1')
    expect(store.getState().pulls['pull-1']?.isCancelling).toBe(true)
    pending.resolve({ done: true })
    await cancelling
    expect(api.callsOf('ollama:cancelPull')).toEqual([{ pullId: 'pull-1' }])
    store.getState().applyEvents([events.pullProgress({ isDone: true, error: 'cancelled' })])
    expect(store.getState().pulls['pull-1']).toMatchObject({
      isCancelling: false,
      error: 'cancelled',
    })
    expect(api.callsOf('ollama:list')).toHaveLength(0)
  })

  it('shows a refused cancel on the pull', async () => {
    const api = new InMemoryEngineApi().reject(
      'ollama:cancelPull',
      'NOT_FOUND',
      'pull already finished',
    )
    const store = createModelsStore(api)
    await store.getState().pull('phi3:mini')
    await store.getState().cancelPull('pull-1')
    expect(store.getState().pulls['pull-1']).toMatchObject({
      isCancelling: false,
      error: 'pull already finished',
    })
  })

  it('deletes a model and reloads the list, or keeps the refusal', async () => {
    const api = new InMemoryEngineApi()
    const store = createModelsStore(api)
    expect(await store.getState().deleteModel('llama3.2:3b')).toEqual({ ok: true })
    expect(api.callsOf('ollama:delete')).toEqual([{ name: 'llama3.2:3b' }])
    expect(api.callsOf('ollama:list')).toHaveLength(1)
    api.reject('ollama:delete', 'CONFLICT', 'model is in use')
    await store.getState().deleteModel('qwen2.5:7b')
    expect(store.getState().deleteError).toEqual({
      name: 'qwen2.5:7b',
      error: { code: 'CONFLICT', message: 'model is in use' },
    })
    expect(store.getState().deleting).toBeNull()
  })
})
