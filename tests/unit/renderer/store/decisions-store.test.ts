import { describe, expect, it } from 'vitest'
import {
  createDecisionsStore,
  MAX_FEED_ITEMS,
} from '../../../../src-renderer/src/store/decisions-store'
import { aDecisionTrace, anAgentOutput, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('decisions store', () => {
  it('loads agent outputs as feed items, newest first, with a readable summary', async () => {
    const api = new InMemoryEngineApi().handle('agents:outputs', () => [
      anAgentOutput({ id: 'old', createdAt: 1 }),
      anAgentOutput({ id: 'new', createdAt: 2, output: { regime: 'ranging', confidence: 0.6 } }),
    ])
    const store = createDecisionsStore(api)
    await store.getState().loadFeed()
    expect(store.getState().feed.data?.map((item) => [item.id, item.summary])).toEqual([
      ['new', 'RANGING · conf 60%'],
      ['old', 'BUY · BULLISH · conf 68%'],
    ])
  })

  it('prepends agent.output events and refreshes decisions when a trading decision arrives', async () => {
    const api = new InMemoryEngineApi()
    const store = createDecisionsStore(api)
    await store.getState().loadFeed()
    await store.getState().loadDecisions()
    store
      .getState()
      .applyEvents([
        events.agentOutput({ summary: 'first' }),
        events.agentOutput({ agent: 'trading_decision', summary: 'BUY · conf 70%' }),
      ])
    expect(
      store
        .getState()
        .feed.data?.slice(0, 2)
        .map((item) => item.summary),
    ).toEqual(['BUY · conf 70%', 'first'])
    expect(api.callsOf('decisions:recent')).toHaveLength(2)
  })

  it('keeps the feed bounded', () => {
    const store = createDecisionsStore(new InMemoryEngineApi())
    store
      .getState()
      .applyEvents(Array.from({ length: MAX_FEED_ITEMS + 10 }, () => events.agentOutput()))
    expect(store.getState().feed.data).toHaveLength(MAX_FEED_ITEMS)
    expect(new Set(store.getState().feed.data?.map((item) => item.id)).size).toBe(MAX_FEED_ITEMS)
  })

  it('opens a trace by correlation id and closes it', async () => {
    const api = new InMemoryEngineApi()
    const store = createDecisionsStore(api)
    await store.getState().openTrace('corr-7')
    expect(store.getState().selectedCorrelationId).toBe('corr-7')
    expect(store.getState().traces['corr-7']?.data).toEqual(
      aDecisionTrace({ correlationId: 'corr-7' }),
    )
    store.getState().closeTrace()
    expect(store.getState().selectedCorrelationId).toBeNull()
  })

  it('records an unknown correlation id as the engine reports it', async () => {
    const api = new InMemoryEngineApi().reject(
      'decisions:trace',
      'NOT_FOUND',
      'no trace correlationId=nope',
    )
    const store = createDecisionsStore(api)
    await store.getState().openTrace('nope')
    expect(store.getState().traces.nope?.error).toEqual({
      code: 'NOT_FOUND',
      message: 'no trace correlationId=nope',
    })
  })
})
