import { describe, expect, it } from 'vitest'
import { createCoordinatorStore } from '../../../../src-renderer/src/store/coordinator-store'
import { aCoordinatorStatus, aTask, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('coordinator store', () => {
  it('loads the status, marking it loading meanwhile', async () => {
    const api = new InMemoryEngineApi()
    const pending = api.defer('coordinator:status')
    const store = createCoordinatorStore(api)
    const loading = store.getState().load()
    expect(store.getState().status).toEqual({ data: null, isLoading: true, error: null })
    pending.resolve(aCoordinatorStatus())
    await loading
    expect(store.getState().status).toEqual({
      data: aCoordinatorStatus(),
      isLoading: false,
      error: null,
    })
  })

  it('keeps the last status and records the error when a reload fails', async () => {
    const api = new InMemoryEngineApi()
    const store = createCoordinatorStore(api)
    await store.getState().load()
    api.reject('coordinator:status', 'UNAVAILABLE', 'engine restarting')
    await store.getState().load()
    expect(store.getState().status).toEqual({
      data: aCoordinatorStatus(),
      isLoading: false,
      error: { code: 'UNAVAILABLE', message: 'engine restarting' },
    })
  })

  it.each([
    ['pause', 'coordinator:pause', 'PAUSED'],
    ['resume', 'coordinator:resume', 'RUNNING'],
  ] as const)('%s calls %s and shows the returned state', async (action, command, state) => {
    const api = new InMemoryEngineApi()
    const store = createCoordinatorStore(api)
    const outcome = await store.getState()[action]()
    expect(outcome).toEqual({ ok: true })
    expect(api.callsOf(command)).toHaveLength(1)
    expect(store.getState().status.data?.state).toBe(state)
    expect(store.getState().pending).toBeNull()
  })

  it.each([
    ['pause', 'coordinator:pauseSymbol', ['XRP/USDT']],
    ['resume', 'coordinator:resumeSymbol', []],
  ] as const)(
    '%ss a symbol with %s and shows the paused symbols',
    async (verb, command, paused) => {
      const api = new InMemoryEngineApi()
      const store = createCoordinatorStore(api)
      const running = store.getState().symbolAction('XRP/USDT', verb)
      expect(store.getState().pending).toBe(`${verb}Symbol:XRP/USDT`)
      expect(await running).toEqual({ ok: true })
      expect(api.callsOf(command)).toEqual([{ symbol: 'XRP/USDT' }])
      expect(store.getState().status.data?.pausedSymbols).toEqual(paused)
      expect(store.getState().pending).toBeNull()
    },
  )

  it('marks the action pending while it runs', async () => {
    const api = new InMemoryEngineApi()
    const pending = api.defer('coordinator:pause')
    const store = createCoordinatorStore(api)
    const running = store.getState().pause()
    expect(store.getState().pending).toBe('pause')
    pending.resolve(aCoordinatorStatus({ state: 'PAUSED' }))
    await running
    expect(store.getState().pending).toBeNull()
  })

  it('records a refused action with its code and message', async () => {
    const api = new InMemoryEngineApi().reject(
      'coordinator:resume',
      'CONFLICT',
      'breaker daily_loss is tripped',
    )
    const store = createCoordinatorStore(api)
    const outcome = await store.getState().resume()
    const error = { code: 'CONFLICT', message: 'breaker daily_loss is tripped' }
    expect(outcome).toEqual({ ok: false, error })
    expect(store.getState().actionError).toEqual({ action: 'resume', error })
    store.getState().clearActionError()
    expect(store.getState().actionError).toBeNull()
  })

  it('runs the kill switch with the chosen option, keeps the result and reloads the status', async () => {
    const api = new InMemoryEngineApi()
    const store = createCoordinatorStore(api)
    await store.getState().killSwitch(true)
    expect(api.callsOf('coordinator:killSwitch')).toEqual([{ closePositions: true }])
    expect(store.getState().lastKillSwitch).toEqual({
      state: 'HALTED',
      cancelledOrders: 1,
      cancelledBatches: 0,
      closedPositions: 1,
      errors: [],
    })
    expect(api.callsOf('coordinator:status')).toHaveLength(1)
  })

  it.each([
    ['run', 'coordinator:runTask'],
    ['enable', 'coordinator:enableTask'],
    ['disable', 'coordinator:disableTask'],
  ] as const)('task %s calls %s and replaces that task in the status', async (verb, command) => {
    const api = new InMemoryEngineApi().handle(command, ({ name }) => aTask({ name, runs: 99 }))
    const store = createCoordinatorStore(api)
    await store.getState().load()
    await store.getState().taskAction('regime_detection', verb)
    expect(api.callsOf(command)).toEqual([{ name: 'regime_detection' }])
    const tasks = store.getState().status.data?.tasks ?? []
    expect(tasks.find((task) => task.name === 'regime_detection')?.runs).toBe(99)
    expect(tasks).toHaveLength(4)
  })

  it('applies the latest coordinator.state event of a batch and ignores others', () => {
    const store = createCoordinatorStore(new InMemoryEngineApi())
    store
      .getState()
      .applyEvents([
        events.coordinatorState({ state: 'PAUSED' }),
        events.tick(),
        events.coordinatorState({ state: 'HALTED', degradationLevel: 'LIMITED' }),
      ])
    expect(store.getState().status.data).toMatchObject({
      state: 'HALTED',
      degradationLevel: 'LIMITED',
    })
  })

  it('keeps a status pushed while a load was out: a halt does not flip back to RUNNING', async () => {
    const api = new InMemoryEngineApi()
    const pending = api.defer('coordinator:status')
    const store = createCoordinatorStore(api)
    const loading = store.getState().load()
    store
      .getState()
      .applyEvents([
        events.coordinatorState({ state: 'HALTED', degradationLevel: 'EMERGENCY', now: 2 }),
      ])
    pending.resolve(aCoordinatorStatus({ state: 'RUNNING', now: 1 }))
    await loading
    expect(store.getState().status).toMatchObject({
      data: { state: 'HALTED', degradationLevel: 'EMERGENCY' },
      isLoading: false,
      error: null,
    })
    // The next poll, asked after the push, is taken as it is.
    api.handle('coordinator:status', () =>
      aCoordinatorStatus({ state: 'HALTED', now: 3, statistics: { circuit_breaker_alerts: 1 } }),
    )
    await store.getState().load()
    expect(store.getState().status.data?.statistics).toEqual({ circuit_breaker_alerts: 1 })
  })

  it('applies each task.updated to its task without asking the engine for the status', async () => {
    const api = new InMemoryEngineApi()
    const store = createCoordinatorStore(api)
    await store.getState().load()
    store
      .getState()
      .applyEvents([
        events.taskUpdated({ isRunning: true, runs: 8 }),
        events.taskUpdated({ name: 'regime_detection', agent: 'regime_detection', skipped: 3 }),
        events.taskUpdated({ isRunning: false, runs: 8, lastDurationMs: 900 }),
      ])
    const tasks = store.getState().status.data?.tasks ?? []
    expect(tasks.map((task) => task.name)).toEqual(aCoordinatorStatus().tasks.map((t) => t.name))
    expect(tasks[0]).toEqual(aTask({ isRunning: false, runs: 8, lastDurationMs: 900 }))
    expect(tasks[1]).toMatchObject({ name: 'regime_detection', skipped: 3 })
    expect(api.callsOf('coordinator:status')).toHaveLength(1)
  })

  it('applies a task.updated after a coordinator.state of the same batch', () => {
    const store = createCoordinatorStore(new InMemoryEngineApi())
    store
      .getState()
      .applyEvents([events.coordinatorState({ state: 'PAUSED' }), events.taskUpdated({ runs: 99 })])
    expect(store.getState().status.data).toMatchObject({ state: 'PAUSED' })
    expect(store.getState().status.data?.tasks[0]?.runs).toBe(99)
  })

  it('ignores task.updated until a status is loaded (the load brings every task)', () => {
    const store = createCoordinatorStore(new InMemoryEngineApi())
    store.getState().applyEvents([events.taskUpdated({ runs: 99 })])
    expect(store.getState().status.data).toBeNull()
  })

  it('resets to its initial state', async () => {
    const store = createCoordinatorStore(new InMemoryEngineApi())
    await store.getState().pause()
    store.getState().reset()
    expect(store.getState()).toMatchObject({
      status: { data: null },
      pending: null,
      actionError: null,
      lastKillSwitch: null,
    })
  })
})
