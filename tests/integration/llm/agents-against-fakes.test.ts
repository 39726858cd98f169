import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { conflictResolutionOutputSchema } from '../../../src-main/engine/agents/output-schemas'
import { RegimeDetectionAgent } from '../../../src-main/engine/agents/regime-detection-agent'
import { TechnicalAnalysisAgent } from '../../../src-main/engine/agents/technical-analysis-agent'
import { TradingDecisionAgent } from '../../../src-main/engine/agents/trading-decision-agent'
import { SystemClock, VirtualClock } from '../../../src-main/engine/clock'
import type { AgentsConfig } from '../../../src-main/engine/config/schemas/agents'
import {
  LlmRecorder,
  LlmRecording,
  withRecordReplay,
} from '../../../src-main/engine/llm/llm-recording'
import { createProviders } from '../../../src-main/engine/llm/providers/create-providers'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { Store } from '../../../src-main/engine/store'
import { MALFORMED_JSON_TEXT, reply } from '../../fakes/llm'
import { agentKit } from '../../helpers/llm/agent-kit'
import { FAKE_ENV, startFakeFleet, type FakeFleet } from '../../helpers/llm/fake-fleet'
import { aSnapshot, BULLISH_INDICATORS } from '../../helpers/llm/snapshots'
import { openMemoryStore } from '../../helpers/test-store'
import { driveClock } from '../../helpers/drive-clock'

let fleet: FakeFleet
let store: Store
const clock = new SystemClock()

beforeAll(async () => {
  fleet = await startFakeFleet()
  store = await openMemoryStore()
})
afterAll(async () => {
  await fleet.stop()
  await store.close()
})
beforeEach(() => fleet.reset())

function liveKit(edit: (config: AgentsConfig) => void = () => {}) {
  const config = fleet.config(edit)
  const providers = createProviders({ config, clock, logger: silentLogger(), env: FAKE_ENV })
  return agentKit({ store, config, clock, providers })
}

const TA = {
  trend_direction: 'bullish',
  trend_strength: 0.7,
  momentum_score: 0.4,
  bias: 'long',
  confidence: 0.66,
  key_levels: { support: ['48800'], resistance: ['50600'] },
}

const vote = (action: string, confidence: number, entry = '50000') =>
  reply.json({
    action,
    confidence,
    entry_price: entry,
    stop_loss: '49000',
    take_profit: '52000',
    leverage: 1,
  })

describe('router and agents through the real SDKs', () => {
  it('retries a 500 once, then falls back along the chain to the next provider', async () => {
    const kit = liveKit()
    fleet.deepseek.enqueue(
      'deepseek-v4-flash',
      reply.error(500, { headers: { 'retry-after-ms': '10' } }),
      reply.error(500, { headers: { 'retry-after-ms': '10' } }),
    )
    fleet.anthropic.enqueue(
      'claude-sonnet-4-6',
      reply.json({ action: 'proceed', confidence: 0.7, reasoning: 'TA is stronger' }),
    )
    const result = await kit.router.complete({
      agent: 'coordinator',
      correlationId: 'co-1',
      schema: conflictResolutionOutputSchema,
      schemaName: 'ConflictResolution',
      prompt: () => ({
        system: 'resolve',
        messages: [{ role: 'user', content: 'TA long, sentiment bearish' }],
      }),
      task: { kind: 'coordinator_conflict', conflictTypes: ['ta_sentiment_conflict'] },
    })
    expect(result).toMatchObject({
      ok: true,
      model: { key: 'claude_sonnet' },
      value: { action: 'proceed' },
    })
    expect(result.failures).toMatchObject([
      { model: { key: 'deepseek' }, error: { kind: 'server', status: 500 }, calls: 2 },
    ])
    expect(fleet.deepseek.requests.size).toBe(2)
    const calls = (await kit.calls.recent(10))
      .filter((call) => call.correlationId === 'co-1')
      .reverse()
    expect(calls.map((call) => [call.provider, call.purpose, call.isSuccess])).toEqual([
      ['deepseek', 'answer', false],
      ['deepseek', 'retry', false],
      ['anthropic', 'answer', true],
    ])
  })

  it('ends at the rules when the last model times out', async () => {
    const kit = liveKit((config) => {
      config.agents.coordinator.timeout_ms = 200
    })
    fleet.deepseek.enqueue('deepseek-v4-flash', reply.error(404))
    fleet.anthropic.enqueue('claude-sonnet-4-6', reply.hang())
    const result = await kit.router.complete({
      agent: 'coordinator',
      schema: conflictResolutionOutputSchema,
      schemaName: 'ConflictResolution',
      prompt: () => ({ system: 'resolve', messages: [{ role: 'user', content: 'conflict' }] }),
      task: { kind: 'coordinator_conflict', conflictTypes: ['regime_conflict'] },
    })
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' }, value: { action: 'wait' } })
    expect(result.failures.map((failure) => failure.error.kind)).toEqual(['not_found', 'timeout'])
  })

  it('repairs a malformed answer from the local model', async () => {
    const kit = liveKit()
    fleet.ollama.enqueue('qwen2.5:7b', reply.malformedJson(), reply.json(TA))
    const result = await new TechnicalAnalysisAgent(kit.deps).run(aSnapshot(), {
      correlationId: 'ta-r',
    })
    expect(result).toMatchObject({ ok: true, model: { key: 'qwen' }, output: { bias: 'long' } })
    const chats = fleet.ollama.requests.forPath('/api/chat')
    expect(chats).toHaveLength(2)
    expect(chats[1]?.messages?.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ])
    expect(chats[1]?.messages?.[2]?.content).toBe(MALFORMED_JSON_TEXT)
    expect(chats[1]?.messages?.[3]?.content).toMatch(/could not be used: not valid JSON/)
  })

  it('gives up after one repair and publishes the rules answer instead', async () => {
    const kit = liveKit()
    fleet.ollama.enqueue('qwen2.5:7b', reply.malformedJson(), reply.json({ ...TA, confidence: 7 }))
    const result = await new TechnicalAnalysisAgent(kit.deps).run(aSnapshot(), {
      correlationId: 'ta-f',
    })
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' }, usedFallback: true })
    expect(result.attempts).toMatchObject([{ model: 'qwen', error: { kind: 'invalid_output' } }])
    expect(result.attempts[0]?.error.message).toMatch(/confidence: /)
    expect(kit.bus.latest('ta_signals')?.payload).toMatchObject({ model: 'rules', bias: 'long' })
  })

  it('builds the six-model consensus with two models failing', async () => {
    const kit = liveKit((config) => {
      config.agents.trading_decision.deadline_ms = 1_500
    })
    fleet.ollama.enqueue('qwen2.5:7b', vote('BUY', 0.6))
    fleet.deepseek.enqueue('deepseek-v4-flash', vote('BUY', 0.8, '50010'))
    fleet.anthropic.enqueue('claude-sonnet-4-6', reply.json({ action: 'HOLD', confidence: 0.7 }))
    fleet.anthropic.enqueue('claude-opus-4-6', vote('BUY', 0.7, '49990'))
    fleet.openai.enqueue('gpt-4o', reply.hang())
    fleet.xai.enqueue('grok-4-fast-non-reasoning', reply.malformedJson(), reply.malformedJson())
    const result = await new TradingDecisionAgent(kit.decisions).run(
      aSnapshot(),
      {},
      { correlationId: 'td-6' },
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.consensus).toMatchObject({
      action: 'BUY',
      votesFor: 3,
      validVotes: 4,
      agreement: 0.75,
    })
    expect(result.consensus.entryPrice?.toString()).toBe('50000')
    const failed = result.answers
      .filter((answer) => answer.error)
      .map((answer) => [answer.model, answer.error?.kind])
    expect(failed).toEqual([
      ['gpt', 'timeout'],
      ['grok', 'invalid_output'],
    ])
    expect(kit.bus.latest('trading_signals')?.payload).toMatchObject({
      action: 'BUY',
      decision_id: result.decisionId,
    })
  })
})

describe('record and replay through the real SDKs', () => {
  it('replays a recorded run exactly, twice, with the fakes out of the picture', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tg-replay-')), 'llm-recording.jsonl')
    const config = fleet.config((agents) => {
      agents.agents.trading_decision.deadline_ms = 1_500
    })
    const live = createProviders({ config, clock, logger: silentLogger(), env: FAKE_ENV })
    const recorder = new LlmRecorder(file, silentLogger())
    const recording = agentKit({
      store,
      config,
      clock,
      providers: withRecordReplay(live, 'record', { recorder }),
    })

    fleet.ollama.enqueue('qwen2.5:7b', reply.json(TA))
    fleet.ollama.enqueue(
      'qwen2.5:7b',
      reply.malformedJson(),
      reply.json({
        regime: 'trending_bull',
        confidence: 0.8,
        position_size_multiplier: 1,
        entry_strictness: 'relaxed',
      }),
    )
    fleet.ollama.enqueue('qwen2.5:7b', vote('BUY', 0.6))
    fleet.deepseek.enqueue('deepseek-v4-flash', vote('SELL', 0.8))
    fleet.anthropic.enqueue('claude-sonnet-4-6', vote('BUY', 0.7))
    fleet.anthropic.enqueue('claude-opus-4-6', reply.error(529))
    fleet.openai.enqueue('gpt-4o', reply.hang())
    fleet.xai.enqueue('grok-4-fast-non-reasoning', vote('BUY', 0.9, '50020'))

    const snapshot = aSnapshot(BULLISH_INDICATORS)
    const run = async (kit: ReturnType<typeof agentKit>) => {
      const ta = await new TechnicalAnalysisAgent(kit.deps).run(snapshot, { correlationId: 'r-ta' })
      const regime = await new RegimeDetectionAgent(kit.deps).run(snapshot, {
        correlationId: 'r-rg',
      })
      if (!ta.ok || !regime.ok) throw new Error('expected TA and regime outputs')
      const decision = await new TradingDecisionAgent(kit.decisions).run(
        snapshot,
        { technicalAnalysis: ta.output, regime: regime.output },
        { correlationId: 'r-td' },
      )
      if (!decision.ok) throw new Error('expected a decision')
      return {
        ta: [ta.model.key, ta.output],
        regime: [regime.model.key, regime.output],
        consensus: decision.consensus,
        answers: decision.answers.map((answer) => ({
          ...answer,
          costUsd: answer.costUsd.toString(),
        })),
        payload: { ...decision.payload, decision_id: undefined },
      }
    }

    const recorded = await run(recording)
    await recorder.flush()
    const requestsWhileRecording = fleet.ollama.requests.size + fleet.openai.requests.size
    expect(recorded.regime[0]).toBe('qwen')

    const replays = []
    for (let pass = 0; pass < 2; pass++) {
      const replayClock = new VirtualClock(0)
      const replay = withRecordReplay(live, 'replay', { recording: await LlmRecording.load(file) })
      const kit = agentKit({ store, config, clock: replayClock, providers: replay })
      // The recorded 529 is retried after a backoff on the (virtual) clock.
      replays.push(await driveClock(replayClock, run(kit)))
    }
    expect(replays[0]).toEqual(recorded)
    expect(replays[1]).toEqual(recorded)
    expect(fleet.ollama.requests.size + fleet.openai.requests.size).toBe(requestsWhileRecording)
    const calls = await agentKit({ store }).calls.recent(200)
    expect(calls.some((call) => call.isFromRecording)).toBe(true)
  })

  it('answers a request the recording lacks with a replay miss, then the rules', async () => {
    const config = fleet.config()
    const live = createProviders({ config, clock, logger: silentLogger(), env: FAKE_ENV })
    const replay = withRecordReplay(live, 'replay', { recording: new LlmRecording([]) })
    const kit = agentKit({ store, config, providers: replay })
    const result = await new TechnicalAnalysisAgent(kit.deps).run(aSnapshot())
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(result.attempts).toMatchObject([{ model: 'qwen', error: { kind: 'replay_miss' } }])
    expect(fleet.ollama.requests.size).toBe(0)
  })
})
