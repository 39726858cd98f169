import { describe, expect, it } from 'vitest'
import { createRiskStore, MAX_ALERTS } from '../../../../src-renderer/src/store/risk-store'
import { aRiskStatus, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('risk store', () => {
  it('keeps alerts newest first, bounded, and reloads the status after alerts', () => {
    const api = new InMemoryEngineApi()
    const store = createRiskStore(api)
    store
      .getState()
      .applyEvents([events.riskAlert('a', 'first'), events.tick(), events.riskAlert('b', 'second')])
    expect(store.getState().alerts.map((alert) => alert.message)).toEqual(['second', 'first'])
    expect(api.callsOf('risk:status')).toHaveLength(1)
    store.getState().applyEvents(Array.from({ length: MAX_ALERTS + 3 }, () => events.riskAlert()))
    expect(store.getState().alerts).toHaveLength(MAX_ALERTS)
  })

  it('does nothing for batches without alerts', () => {
    const api = new InMemoryEngineApi()
    createRiskStore(api).getState().applyEvents([events.tick()])
    expect(api.calls).toEqual([])
  })

  it('shows the latest pushed risk.status of a batch without asking the engine', () => {
    const api = new InMemoryEngineApi()
    const store = createRiskStore(api)
    store
      .getState()
      .applyEvents([
        events.riskStatus({ pausedSymbols: ['BTC/USDT'], cooldownUntil: 5 }),
        events.tick(),
        events.riskStatus({ pausedSymbols: [], cooldownUntil: null }),
      ])
    expect(store.getState().status).toEqual({
      data: aRiskStatus({ pausedSymbols: [], cooldownUntil: null }),
      isLoading: false,
      error: null,
    })
    expect(api.calls).toEqual([])
  })

  it('keeps a status pushed while a load was out: an ended pause does not come back', async () => {
    const api = new InMemoryEngineApi()
    const pending = api.defer('risk:status')
    const store = createRiskStore(api)
    const loading = store.getState().load()
    store.getState().applyEvents([events.riskStatus({ pausedSymbols: [] })])
    pending.resolve(aRiskStatus({ pausedSymbols: ['BTC/USDT'] }))
    await loading
    expect(store.getState().status).toEqual({
      data: aRiskStatus({ pausedSymbols: [] }),
      isLoading: false,
      error: null,
    })
    // The next poll, asked after the push, is taken as it is.
    api.handle('risk:status', () => aRiskStatus({ pausedSymbols: ['XRP/USDT'] }))
    await store.getState().load()
    expect(store.getState().status.data?.pausedSymbols).toEqual(['XRP/USDT'])
  })

  it('resets a breaker and shows the returned status, or the refusal', async () => {
    const api = new InMemoryEngineApi().handle('risk:resetBreaker', () =>
      aRiskStatus({ consecutiveLosses: 0 }),
    )
    const store = createRiskStore(api)
    expect(await store.getState().resetBreaker('daily_loss')).toEqual({ ok: true })
    expect(api.callsOf('risk:resetBreaker')).toEqual([{ name: 'daily_loss' }])
    expect(store.getState().status.data).toEqual(aRiskStatus({ consecutiveLosses: 0 }))
    api.reject('risk:resetBreaker', 'CONFLICT', 'reset condition not met: next UTC day')
    await store.getState().resetBreaker('daily_loss')
    expect(store.getState().resetError).toEqual({
      breaker: 'daily_loss',
      error: { code: 'CONFLICT', message: 'reset condition not met: next UTC day' },
    })
    expect(store.getState().resetting).toBeNull()
  })
})
