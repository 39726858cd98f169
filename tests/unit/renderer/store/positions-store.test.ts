import { describe, expect, it } from 'vitest'
import {
  closePreviewKey,
  createPositionsStore,
  MAX_CLOSED_POSITIONS,
} from '../../../../src-renderer/src/store/positions-store'
import { aClosePreview, aPosition, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

async function loadedStore(api = new InMemoryEngineApi()) {
  const store = createPositionsStore(api)
  await store.getState().load()
  await store.getState().loadClosed()
  return { store, api }
}

describe('positions store', () => {
  it('loads open and closed positions with their filters', async () => {
    const { store, api } = await loadedStore()
    expect(api.callsOf('positions:list')).toEqual([
      { status: 'open' },
      { status: 'closed', limit: 100 },
    ])
    expect(store.getState().open.data).toHaveLength(1)
    expect(store.getState().closed.data?.[0]?.status).toBe('closed')
  })

  it('updates a position in place, adds new ones and moves closed ones to the closed list', async () => {
    const { store } = await loadedStore()
    store
      .getState()
      .applyEvents([
        events.positionUpdated({ unrealizedPnl: '10.00' }),
        events.positionUpdated({ id: 'pos-9', symbol: 'XRP/USDT' }),
        events.positionUpdated({ unrealizedPnl: '12.50' }),
      ])
    expect(
      store.getState().open.data?.map((position) => [position.id, position.unrealizedPnl]),
    ).toEqual([
      ['pos-1', '12.50'],
      ['pos-9', '50.00'],
    ])
    store.getState().applyEvents([events.positionClosed({ id: 'pos-1' })])
    expect(store.getState().open.data?.map((position) => position.id)).toEqual(['pos-9'])
    expect(store.getState().closed.data?.[0]?.id).toBe('pos-1')
  })

  it('keeps the closed list bounded', async () => {
    const { store } = await loadedStore()
    store
      .getState()
      .applyEvents(
        Array.from({ length: MAX_CLOSED_POSITIONS + 20 }, (_, index) =>
          events.positionClosed({ id: `c-${index}` }),
        ),
      )
    expect(store.getState().closed.data).toHaveLength(MAX_CLOSED_POSITIONS)
  })

  it('ignores position events until the lists are loaded', () => {
    const store = createPositionsStore(new InMemoryEngineApi())
    store.getState().applyEvents([events.positionUpdated()])
    expect(store.getState().open.data).toBeNull()
  })

  it('keeps what was pushed while a list loaded over the older answer', async () => {
    const api = new InMemoryEngineApi()
    const answer = api.defer('positions:list')
    const store = createPositionsStore(api)
    const loading = store.getState().load()
    // Opened and closed after the engine read the list, pushed before its answer came.
    store
      .getState()
      .applyEvents([
        events.positionUpdated({ id: 'pos-new', symbol: 'XRP/USDT' }),
        events.positionClosed({ id: 'pos-1' }),
      ])
    answer.resolve([aPosition({ id: 'pos-1' }), aPosition({ id: 'pos-2' })])
    await loading
    expect(store.getState().open.data?.map((position) => position.id)).toEqual(['pos-2', 'pos-new'])
  })

  it('never shows a closed position open again, whatever arrives late', async () => {
    const { store, api } = await loadedStore()
    store.getState().applyEvents([events.positionClosed({ id: 'pos-1' })])
    // An update sent before the close, delivered after it.
    store.getState().applyEvents([events.positionUpdated({ id: 'pos-1' })])
    expect(store.getState().open.data).toEqual([])
    // A list read before the close.
    api.handle('positions:list', () => [aPosition({ id: 'pos-1' })])
    await store.getState().load()
    expect(store.getState().open.data).toEqual([])
  })

  it('loads a close preview per position', async () => {
    const { store, api } = await loadedStore()
    await store.getState().loadPreview('pos-1')
    expect(api.callsOf('positions:closePreview')).toEqual([{ id: 'pos-1' }])
    expect(store.getState().previews['pos-1']?.data).toEqual(aClosePreview({ id: 'pos-1' }))
  })

  it('closes a position: pending while running, then moved to the closed list', async () => {
    const { store, api } = await loadedStore()
    const running = store.getState().close('pos-1')
    expect(store.getState().pending).toEqual({ 'pos-1': 'close' })
    expect(await running).toEqual({ ok: true })
    expect(api.callsOf('positions:close')).toEqual([{ id: 'pos-1', reason: 'manual' }])
    expect(store.getState().pending).toEqual({})
    expect(store.getState().open.data).toEqual([])
    expect(store.getState().closed.data?.[0]).toMatchObject({ id: 'pos-1', status: 'closed' })
  })

  it('loads a close preview per amount, so one amount never shows the answer for another', async () => {
    const { store, api } = await loadedStore()
    await store.getState().loadPreview('pos-1', { sizePct: '50' })
    await store.getState().loadPreview('pos-1', { size: '0.01' })
    expect(api.callsOf('positions:closePreview')).toEqual([
      { id: 'pos-1', sizePct: '50' },
      { id: 'pos-1', size: '0.01' },
    ])
    const { previews } = store.getState()
    expect(previews[closePreviewKey('pos-1', { sizePct: '50' })]?.data?.closeSize).toBe('0.025')
    expect(previews[closePreviewKey('pos-1', { size: '0.01' })]?.data?.closeSize).toBe('0.01')
    expect(previews['pos-1']).toBeUndefined()
  })

  it('closes part of a position and keeps it open with the size that remains', async () => {
    const { store, api } = await loadedStore()
    expect(await store.getState().close('pos-1', { size: '0.02' })).toEqual({ ok: true })
    expect(api.callsOf('positions:close')).toEqual([
      { id: 'pos-1', reason: 'manual', size: '0.02' },
    ])
    expect(store.getState().open.data).toEqual([aPosition({ size: '0.03' })])
  })

  it('records the engine refusal of a change per position and clears it on request', async () => {
    const api = new InMemoryEngineApi().reject(
      'positions:modify',
      'BAD_REQUEST',
      'stop-loss must be below the price',
    )
    const { store } = await loadedStore(api)
    const outcome = await store.getState().modify('pos-1', { stopLoss: '70000' })
    expect(outcome.ok).toBe(false)
    expect(store.getState().errors['pos-1']).toEqual({
      code: 'BAD_REQUEST',
      message: 'stop-loss must be below the price',
    })
    store.getState().clearError('pos-1')
    expect(store.getState().errors).toEqual({})
  })

  it('sends only the changed fields and applies the returned position', async () => {
    const { store, api } = await loadedStore()
    await store.getState().modify('pos-1', { stopLoss: '64000.00' })
    expect(api.callsOf('positions:modify')).toEqual([{ id: 'pos-1', stopLoss: '64000.00' }])
    expect(store.getState().open.data?.[0]?.stopLoss).toBe('64000.00')
  })

  it('resets', async () => {
    const { store } = await loadedStore()
    store.getState().reset()
    expect(store.getState().open.data).toBeNull()
    expect(store.getState().closed.data).toBeNull()
  })

  it('keeps an unchanged position object when other positions update', async () => {
    const api = new InMemoryEngineApi().handle('positions:list', () => [
      aPosition(),
      aPosition({ id: 'pos-2' }),
    ])
    const store = createPositionsStore(api)
    await store.getState().load()
    const before = store.getState().open.data?.[1]
    store.getState().applyEvents([events.positionUpdated({ unrealizedPnl: '1.00' })])
    expect(store.getState().open.data?.[1]).toBe(before)
  })
})
