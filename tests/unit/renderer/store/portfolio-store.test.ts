import { describe, expect, it } from 'vitest'
import {
  createPortfolioStore,
  EQUITY_POINT_SPAN_FRACTION,
  MIN_EQUITY_POINT_SPACING_MS,
} from '../../../../src-renderer/src/store/portfolio-store'
import {
  A_REBALANCE_ID,
  aRebalanceBatch,
  anEquityCurve,
  BASE_TIME,
  events,
} from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('portfolio store', () => {
  it('loads allocation, exposure and the equity curve', async () => {
    const api = new InMemoryEngineApi()
    const store = createPortfolioStore(api)
    await Promise.all([
      store.getState().loadAllocation(),
      store.getState().loadExposure(),
      store.getState().loadEquityCurve(500),
    ])
    expect(store.getState().allocation.data?.totalEquity).toBe('10125.40')
    expect(store.getState().exposure.data?.exposurePct).toBe('32.59')
    expect(api.callsOf('portfolio:equityCurve')).toEqual([{ maxPoints: 500 }])
  })

  it('fetches a loaded allocation again when an order fills or a hodl bag changes, not on other events', async () => {
    const api = new InMemoryEngineApi()
    const store = createPortfolioStore(api)
    store.getState().applyEvents([events.orderFilled()])
    expect(api.callsOf('portfolio:allocation')).toHaveLength(0)
    await store.getState().loadAllocation()
    store.getState().applyEvents([events.orderUpdated(), events.equity('1', '0.1', 5)])
    expect(api.callsOf('portfolio:allocation')).toHaveLength(1)
    store.getState().applyEvents([events.orderFilled(), events.orderFilled()])
    expect(api.callsOf('portfolio:allocation')).toHaveLength(2)
    store.getState().applyEvents([events.portfolioChanged('rebalance_batches_cancelled')])
    expect(api.callsOf('portfolio:allocation')).toHaveLength(2)
    store
      .getState()
      .applyEvents([events.portfolioChanged('hodl_bag_changed'), events.orderFilled()])
    expect(api.callsOf('portfolio:allocation')).toHaveLength(3)
  })

  it('shows the latest equity event live', () => {
    const store = createPortfolioStore(new InMemoryEngineApi())
    store.getState().applyEvents([events.equity('1', '0.1', 5), events.equity('2', '0.2', 6)])
    expect(store.getState().live).toEqual({ equity: '2', dailyPnl: '0.2', at: 6 })
  })

  it('extends a loaded curve with live points at most one per spacing interval', async () => {
    const shortCurve = [
      { timestamp: BASE_TIME - 10_000, equity: '10000' },
      { timestamp: BASE_TIME, equity: '10000' },
    ]
    const api = new InMemoryEngineApi().handle('portfolio:equityCurve', () => shortCurve)
    const store = createPortfolioStore(api)
    await store.getState().loadEquityCurve()
    const length = shortCurve.length
    store
      .getState()
      .applyEvents([
        events.equity('10001', '1', BASE_TIME + MIN_EQUITY_POINT_SPACING_MS),
        events.equity('10002', '2', BASE_TIME + MIN_EQUITY_POINT_SPACING_MS + 10),
        events.equity('10003', '3', BASE_TIME + 2 * MIN_EQUITY_POINT_SPACING_MS),
      ])
    const curve = store.getState().equityCurve.data ?? []
    expect(curve).toHaveLength(length + 2)
    expect(curve.slice(-2).map((point) => point.equity)).toEqual(['10001', '10003'])
  })

  it('adds no point closer than 1/500 of the curve span, which the chart could not show', async () => {
    const store = createPortfolioStore(new InMemoryEngineApi())
    await store.getState().loadEquityCurve()
    const curve = anEquityCurve()
    const span = (curve.at(-1)?.timestamp ?? 0) - (curve[0]?.timestamp ?? 0)
    store
      .getState()
      .applyEvents([events.equity('1', '1', BASE_TIME + span * EQUITY_POINT_SPAN_FRACTION - 1)])
    expect(store.getState().equityCurve.data).toHaveLength(curve.length)
    store
      .getState()
      .applyEvents([events.equity('2', '1', BASE_TIME + span * EQUITY_POINT_SPAN_FRACTION)])
    expect(store.getState().equityCurve.data).toHaveLength(curve.length + 1)
  })

  it('does not start a curve from events alone', () => {
    const store = createPortfolioStore(new InMemoryEngineApi())
    store.getState().applyEvents([events.equity()])
    expect(store.getState().equityCurve.data).toBeNull()
  })

  describe('scheduled rebalance batches', () => {
    /** An engine holding batches 2 to 4 of one rebalance, which cancels them for real. */
    function engineWithBatches() {
      let pending = [2, 3, 4].map((batchNumber) => aRebalanceBatch({ batchNumber }))
      const api = new InMemoryEngineApi()
        .handle('portfolio:pendingBatches', () => pending)
        .handle('portfolio:cancelBatch', ({ id }) => {
          const batch = pending.find((candidate) => candidate.id === id)!
          pending = pending.filter((candidate) => candidate.id !== id)
          return { ...batch, status: 'cancelled' }
        })
        .handle('portfolio:cancelRebalance', ({ id }) => {
          const before = pending.length
          pending = pending.filter((batch) => batch.rebalanceId !== id)
          return { cancelled: before - pending.length }
        })
      return { api, store: createPortfolioStore(api) }
    }
    const numbers = (store: ReturnType<typeof createPortfolioStore>) =>
      store.getState().batches.data?.map((batch) => batch.batchNumber)

    it('loads the pending batches in the order the engine gives them', async () => {
      const { store } = engineWithBatches()
      await store.getState().loadBatches()
      expect(numbers(store)).toEqual([2, 3, 4])
    })

    it('cancels one batch: pending while it runs, then the list is fetched again', async () => {
      const { api, store } = engineWithBatches()
      await store.getState().loadBatches()
      const id = aRebalanceBatch({ batchNumber: 3 }).id
      const running = store.getState().cancelBatch(id)
      expect(store.getState().cancelling).toEqual({ [id]: true })
      expect(await running).toEqual({ ok: true })
      expect(api.callsOf('portfolio:cancelBatch')).toEqual([{ id }])
      expect(numbers(store)).toEqual([2, 4])
      expect(store.getState().cancelling).toEqual({})
      expect(store.getState().cancelError).toBeNull()
    })

    it('cancels every batch of a rebalance by its id', async () => {
      const { api, store } = engineWithBatches()
      await store.getState().loadBatches()
      const running = store.getState().cancelRebalance(A_REBALANCE_ID)
      expect(store.getState().cancelling).toEqual({ [A_REBALANCE_ID]: true })
      expect(await running).toEqual({ ok: true })
      expect(api.callsOf('portfolio:cancelRebalance')).toEqual([{ id: A_REBALANCE_ID }])
      expect(numbers(store)).toEqual([])
      expect(store.getState().cancelling).toEqual({})
    })

    it('keeps a refusal with what it refused, fetches the list again, and clears it at the next cancel', async () => {
      const { api, store } = engineWithBatches()
      await store.getState().loadBatches()
      const id = aRebalanceBatch({ batchNumber: 2 }).id
      const message = `rebalance batch id=${id} is already executed; only a pending batch can be cancelled`
      api.reject('portfolio:cancelBatch', 'CONFLICT', message)
      expect(await store.getState().cancelBatch(id)).toEqual({
        ok: false,
        error: { code: 'CONFLICT', message },
      })
      expect(store.getState().cancelError).toEqual({ id, error: { code: 'CONFLICT', message } })
      expect(api.callsOf('portfolio:pendingBatches')).toHaveLength(2)
      expect(store.getState().cancelling).toEqual({})
      const next = store.getState().cancelRebalance(A_REBALANCE_ID)
      expect(store.getState().cancelError).toBeNull()
      await next
      expect(store.getState().cancelError).toBeNull()
    })

    it('fetches a loaded list again when batches are scheduled, run or cancelled, not for other events', async () => {
      const { api, store } = engineWithBatches()
      store.getState().applyEvents([events.portfolioChanged('rebalance_batches_cancelled')])
      expect(api.callsOf('portfolio:pendingBatches')).toHaveLength(0)
      await store.getState().loadBatches()
      store
        .getState()
        .applyEvents([
          events.orderUpdated({ role: 'rebalance' }),
          events.orderFilled(),
          events.equity('1', '0.1', 5),
          events.portfolioChanged('hodl_bag_changed'),
        ])
      expect(api.callsOf('portfolio:pendingBatches')).toHaveLength(1)
      for (const change of [
        'rebalance_checked',
        'rebalance_trade_executed',
        'rebalance_trade_failed',
        'rebalance_batches_cancelled',
      ] as const) {
        store
          .getState()
          .applyEvents([events.portfolioChanged(change), events.portfolioChanged(change)])
      }
      expect(api.callsOf('portfolio:pendingBatches')).toHaveLength(5)
    })
  })
})
