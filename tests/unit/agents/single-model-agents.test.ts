import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegimeDetectionAgent } from '../../../src-main/engine/agents/regime-detection-agent'
import { SentimentAgent } from '../../../src-main/engine/agents/sentiment-agent'
import { TechnicalAnalysisAgent } from '../../../src-main/engine/agents/technical-analysis-agent'
import type { Store } from '../../../src-main/engine/store'
import { AgentOutputRepository } from '../../../src-main/engine/store'
import { VirtualClock } from '../../../src-main/engine/clock'
import { driveClock } from '../../helpers/drive-clock'
import { agentKit } from '../../helpers/llm/agent-kit'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { say } from '../../helpers/llm/scripted-provider'
import { aSnapshot } from '../../helpers/llm/snapshots'
import { openMemoryStore } from '../../helpers/test-store'

const TA = {
  trend_direction: 'bullish',
  trend_strength: 0.7,
  momentum_score: 0.4,
  bias: 'long',
  confidence: 0.66,
  key_levels: { support: [48800, '48200.50'], resistance: ['50600'] },
  reasoning: 'EMAs stacked, ADX 32',
}

let store: Store
beforeAll(async () => {
  store = await openMemoryStore()
})
afterAll(async () => {
  await store.close()
})

describe('TechnicalAnalysisAgent', () => {
  it('asks the local model, stores the output and publishes ta_signals', async () => {
    const kit = agentKit({ store })
    kit.scripted('ollama').enqueue('qwen2.5:7b', { text: JSON.stringify(TA), usage: [900, 80] })
    const agent = new TechnicalAnalysisAgent(kit.deps)
    const result = await agent.run(aSnapshot(), { correlationId: 'ta-1' })

    expect(result).toMatchObject({
      ok: true,
      correlationId: 'ta-1',
      model: { key: 'qwen' },
      usedFallback: false,
      isPublished: true,
      attempts: [],
    })
    const message = kit.bus.latest('ta_signals', { symbol: 'BTC/USDT' })
    expect(message).toMatchObject({ source: 'technical_analysis', correlationId: 'ta-1' })
    expect(message?.payload).toEqual({
      symbol: 'BTC/USDT',
      trend_direction: 'bullish',
      trend_strength: 0.7,
      momentum_score: 0.4,
      bias: 'long',
      confidence: 0.66,
      key_levels: { support: ['48800', '48200.5'], resistance: ['50600'] },
      model: 'qwen',
    })
    const [stored] = await new AgentOutputRepository(store.db).recent({ correlationId: 'ta-1' })
    expect(stored).toMatchObject({
      agent: 'technical_analysis',
      symbol: 'BTC/USDT',
      provider: 'ollama',
      model: 'qwen2.5:7b',
      inputTokens: 900,
      outputTokens: 80,
      isValid: true,
      error: null,
      rawText: JSON.stringify(TA),
      output: { ...TA, key_levels: { support: ['48800', '48200.5'], resistance: ['50600'] } },
    })
    expect(stored?.costUsd.isZero()).toBe(true)
    const calls = await kit.calls.recent()
    expect(calls.filter((call) => call.correlationId === 'ta-1')).toHaveLength(1)
    const prompt = kit.scripted('ollama').requests[0]
    expect(prompt?.system).toContain('Technical Analysis agent')
    expect(prompt?.messages[0]?.content).toContain('## Indicators 1h')
    expect(prompt?.messages[0]?.content).not.toContain('## Indicators 15m')
  })

  it('gives a slow model up within its budget and answers from the rules', async () => {
    const clock = new VirtualClock(1_735_689_600_000)
    const kit = agentKit({ store, clock })
    // The first call fails after 30 s; the retry, 500 ms later, gets what the 36 s budget has
    // left (5.5 s), not another full 30 s, and runs out: the rules answer, in time for the run.
    kit.scripted('ollama').enqueue(
      'qwen2.5:7b',
      { error: 'server', latencyMs: 30_000 },
      {
        error: 'timeout',
        latencyMs: 5_500,
      },
    )
    const result = await driveClock(
      clock,
      new TechnicalAnalysisAgent(kit.deps).run(aSnapshot(), {
        correlationId: 'ta-slow',
        budgetMs: 36_000,
      }),
    )
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' }, usedFallback: true })
    const timeouts = kit.scripted('ollama').requests.map((request) => request.timeoutMs)
    expect(timeouts).toEqual([30_000, 5_500])
  })

  it('falls back to the rules when the model fails, storing both attempts', async () => {
    const kit = agentKit({ store })
    kit
      .scripted('ollama')
      .enqueue('qwen2.5:7b', say.text('I think it goes up'), say.text('{"bias": "up"}'))
    const result = await new TechnicalAnalysisAgent(kit.deps).run(aSnapshot(), {
      correlationId: 'ta-2',
    })
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' }, usedFallback: true })
    if (!result.ok) return
    expect(result.attempts).toEqual([
      { model: 'qwen', error: expect.objectContaining({ kind: 'invalid_output' }) },
    ])
    expect(result.output.bias).toBe('long')
    const rows = await new AgentOutputRepository(store.db).recent({ correlationId: 'ta-2' })
    expect(rows.map((row) => [row.model, row.isValid, row.rawText])).toEqual(
      expect.arrayContaining([
        ['qwen2.5:7b', false, '{"bias": "up"}'],
        ['rules-v1', true, expect.stringContaining('"bias":"long"')],
      ]),
    )
  })

  it('returns a failure, stores nothing for skipped models and publishes nothing when all fail', async () => {
    const config = shippedAgentsConfig((agents) => {
      agents.llm.offline_fallback = null
      agents.agents.technical_analysis.fallbacks = []
    })
    const kit = agentKit({ store, config })
    kit.scripted('ollama').enqueue('qwen2.5:7b', say.fail('network'))
    const result = await new TechnicalAnalysisAgent(kit.deps).run(aSnapshot(), {
      correlationId: 'ta-3',
    })
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'network' },
      attempts: [{ model: 'qwen', error: { kind: 'network' } }],
    })
    expect(kit.bus.latest('ta_signals')).toBeUndefined()
    const rows = await new AgentOutputRepository(store.db).recent({ correlationId: 'ta-3' })
    expect(rows).toMatchObject([
      { isValid: false, rawText: '', error: 'network: scripted network' },
    ])
    expect(kit.logs.some((line) => line.msg === 'agent produced no valid output')).toBe(true)
  })

  it('makes a correlation id when none is given', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const result = await new TechnicalAnalysisAgent(kit.deps).run(aSnapshot())
    // The first id of the kit's injected source.
    expect(result.correlationId).toMatch(/^00000000-0000-4000-8\d{3}-000000000001$/)
  })

  it('reports a refused publish and carries on', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const agent = new TechnicalAnalysisAgent({
      ...kit.deps,
      publisher: {
        publish: () => {
          throw new Error('bus closed')
        },
      },
    })
    const result = await agent.run(aSnapshot())
    expect(result).toMatchObject({ ok: true, isPublished: false })
    expect(kit.logs.some((line) => line.msg === 'could not publish agent output')).toBe(true)
  })

  it('logs a storage failure and still publishes', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const agent = new TechnicalAnalysisAgent({
      ...kit.deps,
      outputs: {
        insert: async () => {
          throw new Error('disk full')
        },
      } as unknown as AgentOutputRepository,
    })
    const result = await agent.run(aSnapshot())
    expect(result).toMatchObject({ ok: true, isPublished: true })
    expect(kit.logs.some((line) => line.msg === 'could not store agent output')).toBe(true)
  })

  it('never throws, even when building the context fails', async () => {
    const kit = agentKit({ store })
    const broken = { ...aSnapshot(), timeframes: null } as unknown as ReturnType<typeof aSnapshot>
    const result = await new TechnicalAnalysisAgent(kit.deps).run(broken, { correlationId: 'ta-x' })
    expect(result).toMatchObject({ ok: false, error: { kind: 'server' }, correlationId: 'ta-x' })
    expect(kit.logs.some((line) => line.msg === 'agent run failed unexpectedly')).toBe(true)
  })
})

describe('RegimeDetectionAgent', () => {
  it('publishes regime_updates from the model answer', async () => {
    const kit = agentKit({ store })
    kit.scripted('ollama').enqueue(
      'qwen2.5:7b',
      say.json({
        regime: 'volatile_bear',
        confidence: 0.7,
        position_size_multiplier: 0.5,
        entry_strictness: 'strict',
      }),
    )
    const result = await new RegimeDetectionAgent(kit.deps).run(aSnapshot(), {
      correlationId: 'rg-1',
    })
    expect(result.ok).toBe(true)
    expect(kit.bus.latest('regime_updates')?.payload).toEqual({
      symbol: 'BTC/USDT',
      regime: 'volatile_bear',
      confidence: 0.7,
      position_size_multiplier: 0.5,
      entry_strictness: 'strict',
      model: 'qwen',
    })
  })

  it('answers from the rules in rules-only mode without calling a model', async () => {
    const kit = agentKit({ store })
    kit.router.setRulesOnly(true)
    const result = await new RegimeDetectionAgent(kit.deps).run(aSnapshot())
    expect(result).toMatchObject({
      ok: true,
      model: { key: 'rules' },
      output: { regime: 'trending_bull' },
    })
    expect(kit.scripted('ollama').requests).toHaveLength(0)
  })
})

describe('SentimentAgent', () => {
  it('asks Grok, then GPT, and publishes sentiment_updates', async () => {
    const kit = agentKit({ store })
    kit.scripted('xai').enqueue('grok-4-fast-non-reasoning', say.fail('auth'))
    kit
      .scripted('openai')
      .enqueue('gpt-4o', say.json({ bias: 'bearish', confidence: 0.55, reasoning: 'ETF outflows' }))
    const result = await new SentimentAgent(kit.deps).run(aSnapshot(), { correlationId: 'st-1' })
    expect(result).toMatchObject({ ok: true, model: { key: 'gpt' }, usedFallback: true })
    expect(kit.bus.latest('sentiment_updates')?.payload).toEqual({
      symbol: 'BTC/USDT',
      bias: 'bearish',
      confidence: 0.55,
      model: 'gpt',
    })
    const prompt = kit.scripted('openai').requests[0]?.messages[0]?.content ?? ''
    expect(prompt).toContain('## Indicators 4h')
    const candles = prompt.split('## Candles 1h')[1]?.split('##')[0]?.trim().split('\n') ?? []
    expect(candles).toHaveLength(25)
  })
})
