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
      ['new', 'Ranging · conf 60%'],
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

  it('shows a run once when its output is both fetched and pushed', async () => {
    const api = new InMemoryEngineApi().handle('agents:outputs', () => [
      anAgentOutput({
        id: 'qwen',
        model: 'qwen2.5:7b',
        correlationId: 'run-1',
        agent: 'trading_decision',
      }),
      anAgentOutput({
        id: 'rules',
        model: 'rules-v1',
        correlationId: 'run-1',
        agent: 'trading_decision',
      }),
    ])
    const store = createDecisionsStore(api)
    await store.getState().loadFeed()
    await store.getState().loadDecisions()
    // Published while the load was answered: already in the fetched page.
    const pushed = { agent: 'trading_decision', symbol: 'BTC/USDT', correlationId: 'run-1' }
    store.getState().applyEvents([events.agentOutput(pushed), events.agentOutput(pushed)])
    expect(store.getState().feed.data?.map((item) => item.id)).toEqual(['qwen', 'rules'])
    expect(api.callsOf('decisions:recent')).toHaveLength(1)

    // Another symbol's output of the run, a later run and a run without an id are new.
    store
      .getState()
      .applyEvents([
        events.agentOutput({ ...pushed, symbol: 'XRP/USDT' }),
        events.agentOutput({ ...pushed, correlationId: 'run-2' }),
        events.agentOutput({ correlationId: null }),
        events.agentOutput({ correlationId: null }),
      ])
    expect(store.getState().feed.data).toHaveLength(6)
  })

  it('keeps what was pushed while the feed loaded and the page does not hold yet', async () => {
    const api = new InMemoryEngineApi()
    const answer = api.defer('agents:outputs')
    const store = createDecisionsStore(api)
    const loading = store.getState().loadFeed()
    store
      .getState()
      .applyEvents([
        events.agentOutput({ at: 5, correlationId: 'in-page', summary: 'pushed, fetched too' }),
        events.agentOutput({ at: 6, correlationId: 'after-read', summary: 'after the read' }),
      ])
    answer.resolve([anAgentOutput({ id: 'fetched', createdAt: 5, correlationId: 'in-page' })])
    await loading
    expect(store.getState().feed.data?.map((item) => item.summary)).toEqual([
      'after the read',
      'BUY · BULLISH · conf 68%',
    ])
  })

  it('keeps the feed bounded', () => {
    const store = createDecisionsStore(new InMemoryEngineApi())
    store
      .getState()
      .applyEvents(
        Array.from({ length: MAX_FEED_ITEMS + 10 }, (_, run) =>
          events.agentOutput({ correlationId: `run-${run}` }),
        ),
      )
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
