import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  TradingDecisionAgent,
  tradingDecisionSettings,
} from '../../../src-main/engine/agents/trading-decision-agent'
import type { Store } from '../../../src-main/engine/store'
import { AgentOutputRepository, TradingDecisionRepository } from '../../../src-main/engine/store'
import { ModelComparisonRepository } from '../../../src-main/engine/store'
import { agentKit } from '../../helpers/llm/agent-kit'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { say } from '../../helpers/llm/scripted-provider'
import { aSnapshot, BEARISH_INDICATORS } from '../../helpers/llm/snapshots'
import { openMemoryStore } from '../../helpers/test-store'

const buy = (confidence: number, entry: string, stop: string, target: string, leverage = 1) =>
  say.json({
    action: 'BUY',
    confidence,
    entry_price: entry,
    stop_loss: stop,
    take_profit: target,
    leverage,
  })

let store: Store
beforeAll(async () => {
  store = await openMemoryStore()
})
afterAll(async () => {
  await store.close()
})

function scriptSix(kit: ReturnType<typeof agentKit>) {
  kit.scripted('ollama').enqueue('qwen2.5:7b', buy(0.6, '50000', '49000', '52000'))
  kit.scripted('deepseek').enqueue('deepseek-v4-flash', buy(0.8, '50010', '48900', '52500', 2))
  kit
    .scripted('anthropic')
    .enqueue('claude-sonnet-4-6', say.json({ action: 'HOLD', confidence: 0.7 }))
  kit.scripted('anthropic').enqueue('claude-opus-4-6', buy(0.7, '49990', '49100', '51800'))
  kit.scripted('openai').enqueue('gpt-4o', say.fail('timeout'))
  kit.scripted('xai').enqueue('grok-4-fast-non-reasoning', say.text('BUY!'), say.text('BUY!!'))
}

describe('TradingDecisionAgent', () => {
  it('asks six models, leaves out the two that fail, and publishes the consensus', async () => {
    const kit = agentKit({ store })
    scriptSix(kit)
    const agent = new TradingDecisionAgent(kit.decisions)
    const result = await agent.run(aSnapshot(), {}, { correlationId: 'td-1' })
    expect(result.ok).toBe(true)
    if (!result.ok) return

    expect(result.consensus).toMatchObject({
      action: 'BUY',
      votesFor: 3,
      validVotes: 4,
      agreement: 0.75,
      leverage: 1,
    })
    expect(result.usedFallbackStrategy).toBe(false)
    expect(
      result.answers.map((answer) => [answer.model, answer.output?.action ?? answer.error?.kind]),
    ).toEqual([
      ['qwen', 'BUY'],
      ['deepseek', 'BUY'],
      ['claude_sonnet', 'HOLD'],
      ['claude_opus', 'BUY'],
      ['gpt', 'timeout'],
      ['grok', 'invalid_output'],
      ['rules', 'BUY'],
    ])

    const message = kit.bus.latest('trading_signals')
    expect(message).toMatchObject({ source: 'trading_decision', correlationId: 'td-1' })
    expect(message?.payload).toMatchObject({
      symbol: 'BTC/USDT',
      action: 'BUY',
      entry_price: '50000',
      stop_loss: '49000',
      take_profit: '52000',
      leverage: 1,
      agreement: 0.75,
      used_fallback_strategy: false,
      decision_id: result.decisionId,
    })

    const decision = await new TradingDecisionRepository(store.db).byId(result.decisionId)
    expect(decision).toMatchObject({
      action: 'BUY',
      correlationId: 'td-1',
      usedFallbackStrategy: false,
    })
    expect(decision?.votes).toContainEqual({
      model: 'gpt',
      is_baseline: false,
      action: null,
      confidence: null,
      error: 'timeout',
    })

    const rows = await new ModelComparisonRepository(store.db).forDecision(result.decisionId)
    const byModel = new Map(rows.map((row) => [row.model, row]))
    expect(rows).toHaveLength(7)
    expect(byModel.get('gpt-4o')).toMatchObject({
      isValid: false,
      action: null,
      agreedWithConsensus: null,
      error: expect.stringMatching(/^timeout: /),
    })
    expect(byModel.get('grok-4-fast-non-reasoning')).toMatchObject({
      isValid: false,
      error: expect.stringMatching(/^invalid_output: /),
    })
    expect(byModel.get('claude-sonnet-4-6')).toMatchObject({
      action: 'HOLD',
      agreedWithConsensus: false,
    })
    expect(byModel.get('rules-v1')).toMatchObject({
      isBaseline: true,
      provider: 'rules',
      agreedWithConsensus: true,
    })
    expect(byModel.get('qwen2.5:7b')?.priceAtDecision?.toString()).toBe('50000')

    const outputs = await new AgentOutputRepository(store.db).recent({ correlationId: 'td-1' })
    expect(outputs).toHaveLength(7)
  })

  it('records a model without its API key as never asked, one that failed as asked', async () => {
    const kit = agentKit({ store })
    scriptSix(kit)
    kit.scripted('anthropic').hasKey = false
    // As the engine does at start and when a key changes.
    await kit.router.refreshAvailability()
    const result = await new TradingDecisionAgent(kit.decisions).run(aSnapshot())
    if (!result.ok) throw new Error('the decision failed')
    const rows = await new ModelComparisonRepository(store.db).forDecision(result.decisionId)
    const asked = Object.fromEntries(rows.map((row) => [row.model, row.wasAsked]))
    expect(asked).toMatchObject({
      'claude-sonnet-4-6': false,
      'claude-opus-4-6': false,
      'gpt-4o': true,
      'grok-4-fast-non-reasoning': true,
      'qwen2.5:7b': true,
      'rules-v1': true,
    })
    expect(kit.scripted('anthropic').requests).toHaveLength(0)
  })

  it('lets the baseline decide, flagged as a fallback, when no model answers', async () => {
    const kit = agentKit({ store })
    for (const name of ['ollama', 'openai', 'anthropic', 'deepseek', 'xai'] as const) {
      kit.scripted(name).enqueue('*', say.fail('auth'), say.fail('auth'))
    }
    const result = await new TradingDecisionAgent(kit.decisions).run(aSnapshot(BEARISH_INDICATORS))
    expect(result).toMatchObject({
      ok: true,
      usedFallbackStrategy: true,
      consensus: { action: 'SELL', agreement: 1 },
    })
    expect(kit.bus.latest('trading_signals')?.payload).toMatchObject({
      action: 'SELL',
      used_fallback_strategy: true,
    })
  })

  it('skips the decision when nothing answers at all', async () => {
    const config = shippedAgentsConfig((agents) => {
      agents.agents.trading_decision.baseline_model = null
      agents.agents.trading_decision.models = ['gpt']
    })
    const kit = agentKit({ store, config })
    kit.scripted('openai').enqueue('gpt-4o', say.fail('network'))
    const result = await new TradingDecisionAgent(kit.decisions).run(
      aSnapshot(),
      {},
      { correlationId: 'td-3' },
    )
    expect(result).toMatchObject({ ok: false, error: { kind: 'no_model' }, correlationId: 'td-3' })
    expect(kit.bus.latest('trading_signals')).toBeUndefined()
    expect(
      kit.logs.some((line) => line.msg === 'no model gave a valid trading decision; skipping'),
    ).toBe(true)
  })

  it('calls no model in rules-only mode', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const result = await new TradingDecisionAgent(kit.decisions).run(aSnapshot())
    expect(result).toMatchObject({
      ok: true,
      usedFallbackStrategy: true,
      consensus: { action: 'BUY' },
    })
    expect(result.ok && result.answers.map((answer) => answer.model)).toEqual(['rules'])
    expect(kit.scripted('ollama').requests).toHaveLength(0)
  })

  it('takes its output, decision and comparison ids from the injected id source', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const issued: string[] = []
    const newId = () => {
      const id = `00000000-0000-4000-9000-${String(issued.length + 1).padStart(12, '0')}`
      issued.push(id)
      return id
    }
    const agent = new TradingDecisionAgent({ ...kit.decisions, newId })
    const result = await agent.run(aSnapshot(), {}, { correlationId: 'td-ids' })

    // The baseline's output, then the decision, then its one comparison row.
    expect(issued).toEqual([
      '00000000-0000-4000-9000-000000000001',
      '00000000-0000-4000-9000-000000000002',
      '00000000-0000-4000-9000-000000000003',
    ])
    expect(result).toMatchObject({ ok: true, decisionId: issued[1] })
    expect(kit.bus.latest('trading_signals')?.payload).toMatchObject({ decision_id: issued[1] })
    expect(await new TradingDecisionRepository(store.db).byId(issued[1] as string)).toMatchObject({
      id: issued[1],
      correlationId: 'td-ids',
    })
    const rows = await new ModelComparisonRepository(store.db).forDecision(issued[1] as string)
    expect(rows.map((row) => [row.id, row.model])).toEqual([[issued[2], 'rules-v1']])
    const outputs = await new AgentOutputRepository(store.db).recent({ correlationId: 'td-ids' })
    expect(outputs.map((output) => output.id)).toEqual([issued[0]])
  })

  it('makes random UUIDs without an injected id source', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const agent = new TradingDecisionAgent({ ...kit.decisions, newId: undefined })
    const result = await agent.run(aSnapshot())
    expect(result.ok && result.decisionId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('gives every model the other agents outputs, and the rules baseline uses them', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const result = await new TradingDecisionAgent(kit.decisions).run(aSnapshot(), {
      technicalAnalysis: {
        trend_direction: 'bullish',
        trend_strength: 0.7,
        momentum_score: 0.4,
        bias: 'long',
        confidence: 0.8,
        key_levels: { support: ['49000'], resistance: [] },
      },
      regime: {
        regime: 'choppy',
        confidence: 0.8,
        position_size_multiplier: 0.25,
        entry_strictness: 'strict',
      },
      sentiment: { bias: 'bullish', confidence: 0.6 },
    })
    expect(result).toMatchObject({ ok: true, consensus: { action: 'HOLD' } })

    const live = agentKit({ store })
    live.scripted('ollama').enqueue('*', say.json({ action: 'HOLD', confidence: 0.5 }))
    await new TradingDecisionAgent({
      ...live.decisions,
      settings: { ...live.decisions.settings, models: ['qwen'], baselineModel: null },
    }).run(aSnapshot(), {
      technicalAnalysis: {
        trend_direction: 'bullish',
        trend_strength: 0.7,
        momentum_score: 0.4,
        bias: 'long',
        confidence: 0.8,
        key_levels: { support: [], resistance: [] },
      },
      regime: {
        regime: 'ranging',
        confidence: 0.6,
        position_size_multiplier: 0.75,
        entry_strictness: 'normal',
      },
      sentiment: { bias: 'bearish', confidence: 0.4 },
    })
    const prompt = live.scripted('ollama').requests[0]?.messages[0]?.content ?? ''
    expect(prompt).toContain('## Technical analysis\ntrend: bullish strength=0.7')
    expect(prompt).toContain('support: none')
    expect(prompt).toContain('## Regime\nranging confidence=0.6 size_multiplier=0.75 entry=normal')
    expect(prompt).toContain('## Sentiment\nbearish confidence=0.4')
  })

  it('reports a refused publish and an unexpected failure as data', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const refused = await new TradingDecisionAgent({
      ...kit.decisions,
      publisher: {
        publish: () => {
          throw new Error('closed')
        },
      },
    }).run(aSnapshot())
    expect(refused).toMatchObject({ ok: true, isPublished: false })

    const broken = await new TradingDecisionAgent({
      ...kit.decisions,
      decisions: {
        insert: async () => {
          throw new Error('db down')
        },
      } as unknown as TradingDecisionRepository,
    }).run(aSnapshot(), {}, { correlationId: 'td-x' })
    expect(broken).toMatchObject({
      ok: false,
      error: { kind: 'server' },
      correlationId: 'td-x',
      answers: [],
    })
  })

  it('reads its settings from agents.yaml', () => {
    expect(tradingDecisionSettings(shippedAgentsConfig())).toEqual({
      models: ['qwen', 'deepseek', 'claude_sonnet', 'claude_opus', 'gpt', 'grok'],
      baselineModel: 'rules',
      deadlineMs: 30_000,
      minAgreement: 0.5,
    })
  })
})
