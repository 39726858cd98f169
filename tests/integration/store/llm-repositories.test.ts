import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  AgentOutputRepository,
  LlmCallRepository,
  LlmModelHealthRepository,
  ModelComparisonRepository,
  schema,
  TradingDecisionRepository,
  type Store,
} from '../../../src-main/engine/store'
import { WriteBehind } from '../../../src-main/engine/store/write-behind'
import type { LlmCallRecord } from '../../../src-main/engine/llm/llm-call-record'
import type { ModelHealthRecord } from '../../../src-main/engine/llm/model-health-record'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { aModelComparisonRecord } from '../../helpers/model-comparison-record'
import { testStores, useTestStore } from '../../helpers/test-store'

const T0 = Date.UTC(2025, 0, 1)
const HOUR = 3_600_000

const call = (overrides: Partial<LlmCallRecord> = {}): LlmCallRecord => ({
  createdAtMs: T0,
  agent: 'technical_analysis',
  provider: 'openai',
  model: 'gpt-4o',
  correlationId: 'c-1',
  requestHash: 'a'.repeat(64),
  purpose: 'answer',
  latencyMs: 812.6,
  inputTokens: 1000,
  outputTokens: 100,
  costUsd: new Decimal('0.0035'),
  isSuccess: true,
  isFromRecording: false,
  error: null,
  ...overrides,
})

const failingQwen: ModelHealthRecord = {
  model: 'qwen',
  provider: 'ollama',
  modelId: 'qwen2.5:7b',
  consecutiveFailures: 3,
  unhealthyUntilMs: T0 + 300_000,
  lastError: {
    kind: 'rate_limited',
    message: 'status=429 slow down',
    status: 429,
    retryAfterMs: 1500,
  },
  lastSuccessMs: T0 - HOUR,
  updatedAtMs: T0,
}

describe.each(testStores())('LLM repositories on $name', (testStore) => {
  let store: Store
  useTestStore(testStore, (opened) => (store = opened))

  it('saves, replaces and loads model health, one row per catalogue key', async () => {
    await store.db.delete(schema.llmModelHealth)
    const health = new LlmModelHealthRepository(store.db)
    expect(await health.load()).toEqual([])
    const answered: ModelHealthRecord = {
      model: 'deepseek',
      provider: 'deepseek',
      modelId: 'deepseek-v4-flash',
      consecutiveFailures: 0,
      unhealthyUntilMs: null,
      lastError: null,
      lastSuccessMs: T0 + 1,
      updatedAtMs: T0 + 1,
    }
    await health.save({ ...failingQwen, consecutiveFailures: 1, unhealthyUntilMs: null })
    await health.save(failingQwen)
    await health.save(answered)
    const byModel = (rows: Awaited<ReturnType<typeof health.load>>) =>
      [...rows].sort((a, b) => a.model.localeCompare(b.model))
    expect(byModel(await health.load())).toEqual([answered, failingQwen])
  })

  it('writes only the newest of the health saves of a model queued in a batch', async () => {
    await store.db.delete(schema.llmModelHealth)
    const writes = new WriteBehind({ db: store.db, logger: silentLogger(), batchRows: 1000 })
    const health = new LlmModelHealthRepository(store.db, writes)
    await health.save({ ...failingQwen, consecutiveFailures: 1, unhealthyUntilMs: null })
    await health.save(failingQwen)
    expect(await store.db.select().from(schema.llmModelHealth)).toEqual([])
    expect(await health.load()).toEqual([failingQwen])
    expect(writes.stats.flushes).toBe(1)
  })

  it('stores LLM calls and sums cost exactly per provider model', async () => {
    const calls = new LlmCallRepository(store.db)
    await calls.record(call())
    await calls.record(
      call({
        createdAtMs: T0 + 1,
        purpose: 'retry',
        isSuccess: false,
        error: 'server: x',
        costUsd: new Decimal('0.0000001'),
      }),
    )
    await calls.record(
      call({
        createdAtMs: T0 + 2,
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        costUsd: new Decimal('0.1'),
      }),
    )
    await calls.record(call({ createdAtMs: T0 + HOUR }))
    const summary = await calls.costSummary(T0, T0 + HOUR)
    expect(summary.map((row) => ({ ...row, costUsd: row.costUsd.toString() }))).toEqual([
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        calls: 1,
        failures: 0,
        inputTokens: 1000,
        outputTokens: 100,
        costUsd: '0.1',
      },
      {
        provider: 'openai',
        model: 'gpt-4o',
        calls: 2,
        failures: 1,
        inputTokens: 2000,
        outputTokens: 200,
        costUsd: '0.0035001',
      },
    ])
    const recent = await calls.recent(2)
    expect(recent[0]).toEqual({ ...call({ createdAtMs: T0 + HOUR }), latencyMs: 813 })
    expect(recent[1]?.provider).toBe('anthropic')
  })

  it('stores agent outputs and finds the latest valid one', async () => {
    const outputs = new AgentOutputRepository(store.db)
    const base = {
      agent: 'technical_analysis',
      symbol: 'BTC/USDT',
      provider: 'ollama',
      model: 'qwen2.5:7b',
      correlationId: 'c-9',
      latencyMs: 1200,
      inputTokens: 800,
      outputTokens: 60,
      costUsd: new Decimal(0),
      rawText: '{"bias":"long"}',
    }
    const validId = await outputs.insert({
      ...base,
      id: '00000000-0000-4000-8000-0000000000a1',
      createdAtMs: T0,
      output: { bias: 'long' },
      isValid: true,
      error: null,
    })
    await outputs.insert({
      ...base,
      id: '00000000-0000-4000-8000-0000000000a2',
      createdAtMs: T0 + 1,
      output: null,
      isValid: false,
      error: 'invalid_output: x',
      rawText: 'garbage',
    })
    await outputs.insert({
      ...base,
      id: '00000000-0000-4000-8000-0000000000a3',
      symbol: 'XRP/USDT',
      createdAtMs: T0 + 2,
      output: { bias: 'short' },
      isValid: true,
      error: null,
    })
    const latest = await outputs.latestValid('technical_analysis', 'BTC/USDT')
    expect(latest).toMatchObject({
      id: validId,
      output: { bias: 'long' },
      isValid: true,
      createdAtMs: T0,
    })
    expect((await outputs.latestValid('technical_analysis', null))?.symbol).toBe('XRP/USDT')
    expect(await outputs.latestValid('regime_detection', 'BTC/USDT')).toBeNull()
    const recent = await outputs.recent({ agent: 'technical_analysis', symbol: 'BTC/USDT' })
    expect(recent.map((row) => row.isValid)).toEqual([false, true])
    expect(await outputs.recent({ correlationId: 'c-9' }, 1)).toHaveLength(1)
    expect(await outputs.recent()).toHaveLength(3)
  })

  it('stores trading decisions and reads them back', async () => {
    const decisions = new TradingDecisionRepository(store.db)
    const id = await decisions.insert({
      id: '00000000-0000-4000-8000-0000000000d1',
      correlationId: 'c-2',
      symbol: 'BTC/USDT',
      createdAtMs: T0,
      action: 'BUY',
      confidence: 0.61,
      entryPrice: new Decimal('50000.5'),
      stopLoss: new Decimal('48800'),
      takeProfit: null,
      leverage: 1,
      agreement: 0.75,
      votes: [{ model: 'gpt', action: 'BUY' }],
      reasoning: 'consensus BUY',
      usedFallbackStrategy: false,
    })
    const stored = await decisions.byId(id)
    expect(stored).toMatchObject({
      id,
      action: 'BUY',
      agreement: 0.75,
      takeProfit: null,
      votes: [{ model: 'gpt', action: 'BUY' }],
    })
    expect(stored?.entryPrice?.toString()).toBe('50000.5')
    expect((await decisions.recent('BTC/USDT')).map((row) => row.id)).toEqual([id])
    expect(await decisions.byId('00000000-0000-4000-8000-0000000000ff')).toBeNull()
  })

  it('finds answers awaiting outcomes, records them and computes per-model statistics', async () => {
    const comparisons = new ModelComparisonRepository(store.db)
    await comparisons.insertMany([])
    await comparisons.insertMany([
      aModelComparisonRecord(),
      aModelComparisonRecord({
        model: 'qwen2.5:7b',
        provider: 'ollama',
        action: 'SELL',
        agreedWithConsensus: false,
        costUsd: new Decimal(0),
      }),
      aModelComparisonRecord({
        model: 'grok-4',
        provider: 'xai',
        action: null,
        confidence: null,
        isValid: false,
        error: 'timeout: x',
        agreedWithConsensus: null,
      }),
      aModelComparisonRecord({ model: 'rules-v1', provider: 'rules', isBaseline: true }),
      aModelComparisonRecord({
        model: 'gpt-4o',
        createdAtMs: T0 + 10 * HOUR,
        priceAtDecision: null,
      }),
    ])
    const awaiting = await comparisons.awaitingOutcomes()
    // Oldest first, then provider and model; the answer without a price is never judged.
    expect(awaiting.map((row) => row.model)).toEqual(['qwen2.5:7b', 'gpt-4o', 'rules-v1', 'grok-4'])
    await comparisons.recordOutcomes(
      '1h',
      awaiting.map((row) => ({
        id: row.id,
        price: new Decimal('50500'),
        isCorrect: row.action === 'BUY' ? true : row.action === 'SELL' ? false : null,
      })),
    )
    const gptId = awaiting.find((row) => row.model === 'gpt-4o')!.id
    await comparisons.recordOutcomes('4h', [
      { id: gptId, price: new Decimal('51000'), isCorrect: true },
    ])
    await comparisons.recordOutcomes('24h', [
      { id: gptId, price: new Decimal('49000'), isCorrect: false },
    ])
    // Still awaited: the 4 h and 24 h outcomes of the others.
    expect((await comparisons.awaitingOutcomes()).map((row) => row.model)).toEqual([
      'qwen2.5:7b',
      'rules-v1',
      'grok-4',
    ])

    const stored = await comparisons.forDecision('00000000-0000-4000-8000-000000000001')
    expect(stored).toHaveLength(5)
    const gpt = stored.find((row) => row.model === 'gpt-4o' && row.priceAtDecision)
    expect(gpt?.outcomes['1h'].price?.toString()).toBe('50500')
    expect(gpt?.outcomes['1h'].isCorrect).toBe(true)
    expect(gpt?.outcomes['24h']).toEqual({ price: new Decimal('49000'), isCorrect: false })
    const grok = stored.find((row) => row.model === 'grok-4')
    expect(grok?.outcomes['1h']).toEqual({ price: new Decimal('50500'), isCorrect: null })

    const stats = await comparisons.modelStats(T0)
    const byModel = new Map(stats.map((row) => [row.model, row]))
    expect(byModel.get('gpt-4o')).toMatchObject({
      answers: 2,
      validAnswers: 2,
      agreementRate: 1,
      hitRate: { '1h': 1 },
    })
    expect(byModel.get('gpt-4o')?.costUsd.toString()).toBe('0.02')
    expect(byModel.get('qwen2.5:7b')).toMatchObject({
      agreementRate: 0,
      hitRate: { '1h': 0, '4h': null, '24h': null },
    })
    expect(byModel.get('grok-4')).toMatchObject({
      answers: 1,
      validAnswers: 0,
      agreementRate: null,
      hitRate: { '1h': null },
    })
    expect(byModel.get('rules-v1')).toMatchObject({ isBaseline: true, averageLatencyMs: 900 })
    expect(await comparisons.modelStats(T0 + 11 * HOUR)).toEqual([])
  })

  it('counts a model that was never asked as no vote and no latency, a failed one as asked', async () => {
    const comparisons = new ModelComparisonRepository(store.db)
    // After the other tests' answers, and read from its own time on.
    const at = T0 + 20 * HOUR
    const failed = (model: string, error: string, latencyMs: number, wasAsked: boolean) =>
      aModelComparisonRecord({
        createdAtMs: at,
        model,
        wasAsked,
        action: null,
        confidence: null,
        isValid: false,
        error,
        latencyMs,
        agreedWithConsensus: null,
      })
    await comparisons.insertMany([
      failed('claude-opus', 'unavailable: provider=anthropic has no API key', 0, false),
      failed(
        'claude-opus',
        'unhealthy: model=claude_opus is skipped after repeated failures',
        0,
        false,
      ),
      failed('grok-4', 'timeout: model=grok-4 after 45000 ms', 45_000, true),
      aModelComparisonRecord({ createdAtMs: at, model: 'grok-4', latencyMs: 3_000 }),
    ])
    const stats = new Map((await comparisons.modelStats(at)).map((row) => [row.model, row]))
    expect(stats.get('claude-opus')).toMatchObject({
      answers: 2,
      askedAnswers: 0,
      validAnswers: 0,
      averageLatencyMs: null,
    })
    expect(stats.get('grok-4')).toMatchObject({
      answers: 2,
      askedAnswers: 2,
      validAnswers: 1,
      averageLatencyMs: 24_000,
    })
  })
})
