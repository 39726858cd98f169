import { describe, expect, it } from 'vitest'
import type { TradingDecision } from '../../../../src-shared/contract'
import type { FeedItem } from '../../../../src-renderer/src/store/decisions-store'
import { createDecisionsStore } from '../../../../src-renderer/src/store/decisions-store'
import {
  latestSignals,
  summarizeConsensus,
} from '../../../../src-renderer/src/store/latest-signals'
import {
  aTradingDecision,
  anAgentOutput,
  BASE_TIME,
  events,
} from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

const T = BASE_TIME

/** One model's answer in a trading decision run (agent_outputs has one row per model). */
function vote(correlationId: string, at: number, model: string, answer: string | Error) {
  return anAgentOutput({
    id: `${correlationId}-${model}`,
    agent: 'trading_decision',
    correlationId,
    model,
    createdAt: at,
    ...(answer instanceof Error
      ? { isValid: false, output: null, error: answer.message }
      : { output: { action: answer, confidence: 0.7 } }),
  })
}

/** The decision store loaded from an engine with these outputs and decisions. */
async function loaded(outputs: ReturnType<typeof vote>[], decisions: TradingDecision[]) {
  const api = new InMemoryEngineApi()
    .handle('agents:outputs', () => outputs)
    .handle('decisions:recent', () => decisions)
  const store = createDecisionsStore(api)
  await store.getState().loadFeed()
  await store.getState().loadDecisions()
  return store
}

function decisionCell(feed: readonly FeedItem[] | null, decisions: TradingDecision[] | null) {
  return latestSignals(feed ?? [], decisions ?? [])
    .get('BTC/USDT')
    ?.get('trading_decision')
}

describe('latest signals: the Decision column', () => {
  it("shows the consensus, not the one model's error that came last", async () => {
    const store = await loaded(
      [
        vote('corr-7', T - 9_000, 'qwen2.5:7b', 'BUY'),
        vote('corr-7', T - 8_000, 'gpt-4o', 'BUY'),
        vote('corr-7', T - 5_000, 'claude-sonnet-4-5', new Error('timeout: no answer in 30s')),
      ],
      [
        aTradingDecision({
          correlationId: 'corr-7',
          createdAt: T - 4_000,
          confidence: 0.8,
          agreement: 1,
        }),
      ],
    )
    const { feed, decisions } = store.getState()
    expect(decisionCell(feed.data, decisions.data)).toEqual({
      at: T - 4_000,
      summary: 'BUY · conf 80% · agreement 100% · 3/3 answered',
      isValid: true,
      correlationId: 'corr-7',
    })
  })

  it('says how many models answered beside the agreement among them', () => {
    const [answered] = aTradingDecision().votes
    const failed = {
      ...answered!,
      action: null,
      confidence: null,
      isValid: false,
      error: 'timeout',
    }
    const decision = aTradingDecision({
      agreement: 1,
      votes: [answered!, failed, failed, failed, failed, failed],
    })
    expect(summarizeConsensus(decision)).toBe('BUY · conf 71% · agreement 100% · 1/6 answered')
    expect(summarizeConsensus(aTradingDecision({ votes: [] }))).toBe(
      'BUY · conf 71% · agreement 67%',
    )
  })

  it('counts only the models that were asked: one without an API key did not fail to answer', () => {
    const [answered] = aTradingDecision().votes
    const keyless = {
      ...answered!,
      action: null,
      confidence: null,
      isValid: false,
      wasAsked: false,
      error: 'unavailable: provider=openai has no API key',
    }
    const decision = aTradingDecision({ agreement: 1, votes: [answered!, keyless, keyless] })
    expect(summarizeConsensus(decision)).toBe('BUY · conf 71% · agreement 100% · 1/1 answered')
    expect(summarizeConsensus(aTradingDecision({ votes: [keyless] }))).toBe(
      'BUY · conf 71% · agreement 67%',
    )
  })

  it('shows an error only when the newest run reached no consensus at all', async () => {
    const store = await loaded(
      [
        vote('corr-7', T - 3_600_000, 'qwen2.5:7b', 'BUY'),
        vote('corr-8', T - 9_000, 'qwen2.5:7b', new Error('timeout: no answer in 30s')),
        vote('corr-8', T - 8_000, 'gpt-4o', new Error('rate_limited: 429')),
      ],
      [aTradingDecision({ correlationId: 'corr-7', createdAt: T - 3_590_000 })],
    )
    const { feed, decisions } = store.getState()
    expect(decisionCell(feed.data, decisions.data)).toEqual({
      at: T - 8_000,
      summary: 'no consensus · error: rate_limited: 429 · error: timeout: no answer in 30s',
      isValid: false,
      correlationId: 'corr-8',
    })
  })

  it('shows a decision newer than the loaded outputs, and one with no outputs loaded', () => {
    const newer = aTradingDecision({ correlationId: 'corr-9', createdAt: T, action: 'SELL' })
    const store = createDecisionsStore(new InMemoryEngineApi())
    expect(decisionCell(store.getState().feed.data, [newer])?.summary).toBe(
      'SELL · conf 71% · agreement 67% · 3/3 answered',
    )
    const outputs = [
      {
        id: 'old',
        at: T - 60_000,
        agent: 'trading_decision',
        symbol: 'BTC/USDT',
        summary: 'error: timeout',
        correlationId: 'corr-8',
        model: 'gpt-4o',
        isValid: false,
      },
    ]
    expect(decisionCell(outputs, [newer])?.summary).toBe(
      'SELL · conf 71% · agreement 67% · 3/3 answered',
    )
  })

  it('shows a pushed decision event until its decision is loaded', async () => {
    const store = await loaded([vote('corr-7', T - 9_000, 'qwen2.5:7b', 'BUY')], [])
    store.getState().applyEvents([
      events.agentOutput({
        agent: 'trading_decision',
        correlationId: 'corr-10',
        summary: 'BUY · conf 75%',
      }),
    ])
    expect(decisionCell(store.getState().feed.data, [])).toMatchObject({
      summary: 'BUY · conf 75%',
      isValid: true,
    })
  })

  it('keeps the newest output of the other agents as it is', async () => {
    const store = await loaded(
      [
        anAgentOutput({ id: 'ta-1', createdAt: T - 120_000 }),
        anAgentOutput({
          id: 'ta-2',
          createdAt: T - 60_000,
          isValid: false,
          output: null,
          error: 'invalid JSON',
        }),
      ],
      [],
    )
    const cells = latestSignals(store.getState().feed.data ?? [], []).get('BTC/USDT')
    expect(cells?.get('technical_analysis')).toMatchObject({
      summary: 'error: invalid JSON',
      isValid: false,
    })
    expect(cells?.has('trading_decision')).toBe(false)
  })
})
