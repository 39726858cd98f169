import { describe, expect, it, vi } from 'vitest'
import { subscribeStoresToEvents } from '../../../../src-renderer/src/store/event-subscription'
import { createStores } from '../../../../src-renderer/src/store/stores'
import { events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { ManualScheduler } from '../../../helpers/renderer/manual-scheduler'

describe('subscribeStoresToEvents', () => {
  it('delivers pushed events to the domain stores once per frame', async () => {
    const api = new InMemoryEngineApi()
    const stores = createStores(api)
    await stores.positions.getState().load()
    const scheduler = new ManualScheduler()
    subscribeStoresToEvents(api, stores, scheduler)
    const apply = vi.spyOn(stores.positions.getState(), 'applyEvents')
    api.emit(
      events.tick('BTC/USDT', '66100'),
      events.positionUpdated({ unrealizedPnl: '55.00' }),
      events.positionUpdated({ unrealizedPnl: '60.00' }),
      events.coordinatorState({ state: 'PAUSED' }),
    )
    expect(stores.market.getState().lastPrices).toEqual({})
    scheduler.runFrame()
    expect(stores.market.getState().lastPrices['BTC/USDT']?.price).toBe('66100')
    expect(stores.positions.getState().open.data?.[0]?.unrealizedPnl).toBe('60.00')
    expect(stores.coordinator.getState().status.data?.state).toBe('PAUSED')
    expect(apply).toHaveBeenCalledOnce()
  })

  it('keeps feeding the other stores when one throws on a batch', () => {
    const api = new InMemoryEngineApi()
    const stores = createStores(api)
    const scheduler = new ManualScheduler()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    stores.risk.setState({
      applyEvents: () => {
        throw new Error('broken')
      },
    })
    subscribeStoresToEvents(api, stores, scheduler)
    api.emit(events.tick('XRP/USDT', '0.61'))
    scheduler.runFrame()
    expect(stores.market.getState().lastPrices['XRP/USDT']?.price).toBe('0.61')
    expect(errors).toHaveBeenCalledWith('store=risk failed to apply events', expect.any(Error))
    errors.mockRestore()
  })

  it('hands each batch to extra sinks and stops on unsubscribe', () => {
    const api = new InMemoryEngineApi()
    const scheduler = new ManualScheduler()
    const sink = vi.fn()
    const unsubscribe = subscribeStoresToEvents(api, createStores(api), scheduler, [sink])
    api.emit(events.tick(), events.equity())
    scheduler.runFrame()
    expect(sink).toHaveBeenCalledWith([events.tick(), events.equity()])
    unsubscribe()
    expect(api.listenerCount).toBe(0)
  })
})
