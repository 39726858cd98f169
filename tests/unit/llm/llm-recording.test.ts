import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  LlmRecorder,
  LlmRecording,
  RecordingFileError,
  RecordingProvider,
  ReplayProvider,
  withRecordReplay,
} from '../../../src-main/engine/llm/llm-recording'
import type {
  GenerateRequest,
  LlmProvider,
  ProviderName,
} from '../../../src-main/engine/llm/llm-types'
import { llmError } from '../../../src-main/engine/llm/llm-error'
import { DeferredProvider } from '../../../src-main/engine/llm/providers/deferred-provider'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import { requestHash, stableStringify } from '../../../src-main/engine/llm/request-hash'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { GPT_MODEL } from '../../helpers/llm/gpt-model'
import { say, ScriptedProvider } from '../../helpers/llm/scripted-provider'

const model = GPT_MODEL

const request = (content = 'hello', extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  model,
  system: 'sys',
  messages: [{ role: 'user', content }],
  jsonSchema: { name: 'X', schema: { type: 'object', properties: { b: {}, a: {} } } },
  temperature: 0.2,
  timeoutMs: 1000,
  ...extra,
})

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'tg-rec-')), 'nested', 'calls.jsonl')

describe('requestHash', () => {
  it('depends on what the model sees, not on timeout, signal or task', () => {
    const base = requestHash(request())
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(
      requestHash(request('hello', { timeoutMs: 5, signal: new AbortController().signal })),
    ).toBe(base)
    expect(requestHash(request('hello', { task: { kind: 'portfolio_strategy' } }))).toBe(base)
    expect(requestHash(request('other'))).not.toBe(base)
    expect(requestHash(request('hello', { temperature: 0.3 }))).not.toBe(base)
    expect(requestHash(request('hello', { model: { ...model, id: 'gpt-5' } }))).not.toBe(base)
    expect(requestHash(request('hello', { maxOutputTokens: 2048 }))).toBe(base)
  })

  it('gives a request without a prompt the same hash from its cache as computed afresh', () => {
    const schema = { type: 'object', properties: { a: {} } }
    const promptless = (extra: Partial<GenerateRequest> = {}) =>
      request('', { system: '', messages: [], jsonSchema: { name: 'X', schema }, ...extra })
    const first = requestHash(promptless())
    expect(requestHash(promptless())).toBe(first)
    // The same content in a schema object the cache has not seen hashes alike.
    const copy = promptless({ jsonSchema: { name: 'X', schema: structuredClone(schema) } })
    expect(requestHash(copy)).toBe(first)
    expect(requestHash(promptless({ temperature: 0.9 }))).not.toBe(first)
    expect(requestHash(promptless({ model: { ...model, id: 'gpt-5' } }))).not.toBe(first)
    expect(requestHash(promptless({ jsonSchema: { name: 'Y', schema } }))).not.toBe(first)
    expect(requestHash(promptless({ maxOutputTokens: 99 }))).not.toBe(first)
  })

  it('ignores the key order of the schema', () => {
    const reordered = request('hello', {
      jsonSchema: { name: 'X', schema: { properties: { a: {}, b: {} }, type: 'object' } },
    })
    expect(requestHash(reordered)).toBe(requestHash(request()))
  })

  it('is the SHA-256 of the sorted JSON of what the model sees, so recordings keep matching', () => {
    const sent = request('hello', {
      jsonSchema: { name: 'X', schema: { z: 1, a: { y: 2, b: 3 } } },
    })
    const expected = createHash('sha256')
      .update(
        stableStringify({
          provider: 'openai',
          model: 'gpt-4o',
          system: 'sys',
          messages: [{ role: 'user', content: 'hello' }],
          jsonSchema: sent.jsonSchema,
          temperature: 0.2,
          maxOutputTokens: 2048,
        }),
      )
      .digest('hex')
    expect(requestHash(sent)).toBe(expected)
    // The same schema object again (its sorted form is kept) hashes the same.
    expect(requestHash({ ...sent })).toBe(expected)
  })

  it('writes sorted keys at every level and drops undefined', () => {
    expect(stableStringify({ b: [{ d: 1, c: undefined, a: 2 }], a: null })).toBe(
      '{"a":null,"b":[{"a":2,"d":1}]}',
    )
  })
})

describe('record and replay', () => {
  it('replays recorded answers and failures exactly, in recorded order', async () => {
    const file = tempFile()
    const live = new ScriptedProvider('openai')
    live.enqueue(
      'gpt-4o',
      say.json({ n: 1 }, 120),
      say.fail('rate_limited', 50),
      say.json({ n: 2 }, 80),
    )
    const recorder = new LlmRecorder(file, silentLogger())
    const recording = new RecordingProvider(live, recorder)
    const first = await recording.generate(request())
    const second = await recording.generate(request())
    const third = await recording.generate(request())
    const other = await recording.generate(request('other'))
    await recorder.flush()
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4)

    const replay = new ReplayProvider('openai', await LlmRecording.load(file))
    expect(await replay.isConfigured()).toBe(true)
    const answers = [
      await replay.generate(request()),
      await replay.generate(request()),
      await replay.generate(request()),
      await replay.generate(request('other')),
    ]
    const strip = (result: object) => ({
      ...result,
      isFromRecording: undefined,
      costUsd: String((result as { costUsd: Decimal }).costUsd),
    })
    expect(answers.map(strip)).toEqual([first, second, third, other].map(strip))
    expect(answers.every((answer) => answer.isFromRecording)).toBe(true)
    expect(answers[1]).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: 50 },
    })
    expect(answers[0]).toMatchObject({ ok: true, text: '{"n":1}', latencyMs: 120 })
  })

  it('replays a recorded SDK load failure as one', async () => {
    const file = tempFile()
    const live = new ScriptedProvider('openai')
    live.enqueue('gpt-4o', say.fail('sdk_load_failed'))
    const recorder = new LlmRecorder(file, silentLogger())
    await new RecordingProvider(live, recorder).generate(request())
    await recorder.flush()
    const replay = new ReplayProvider('openai', await LlmRecording.load(file))
    expect(await replay.generate(request())).toMatchObject({
      ok: false,
      error: { kind: 'sdk_load_failed' },
    })
  })

  it('fails clearly on a request the recording lacks', async () => {
    const replay = new ReplayProvider('openai', new LlmRecording([]))
    const result = await replay.generate(request())
    expect(result).toMatchObject({
      ok: false,
      isFromRecording: true,
      error: { kind: 'replay_miss' },
    })
    if (!result.ok)
      expect(result.error.message).toMatch(
        /provider=openai model=gpt-4o hash=[0-9a-f]{12} not in the recording/,
      )
    // The recorded run never called openai (it had no key then), so the replay skips it too.
    expect(await replay.isConfigured()).toBe(false)
  })

  it('counts what is left and reads a missing file as empty', async () => {
    const recording = await LlmRecording.load(join(tmpdir(), 'tg-no-such-recording.jsonl'))
    expect(recording.remaining()).toBe(0)
  })

  it.each([
    ['not JSON', 'not json', /line=2: not valid JSON/],
    ['a bad entry', '{"hash":"abc"}', /line=2: /],
  ])('refuses a file with %s, naming the line', async (_label, line, message) => {
    const file = tempFile().replace('nested/', '')
    const good = JSON.stringify({
      hash: 'a'.repeat(64),
      provider: 'openai',
      model: 'gpt-4o',
      result: {
        ok: true,
        text: 'x',
        usage: { inputTokens: 1, outputTokens: 1 },
        latencyMs: 1,
        costUsd: '0',
      },
    })
    writeFileSync(file, `${good}\n${line}\n`)
    const loaded = LlmRecording.load(file)
    await expect(loaded).rejects.toBeInstanceOf(RecordingFileError)
    await expect(LlmRecording.load(file)).rejects.toThrow(message)
  })

  it('propagates read errors other than a missing file', async () => {
    await expect(LlmRecording.load(tmpdir())).rejects.toThrow()
  })

  it('logs a failed write instead of throwing', async () => {
    const { logger, lines } = capturingLogger()
    const recorder = new LlmRecorder(join(tmpdir(), '\0bad'), logger)
    recorder.append({
      hash: 'a'.repeat(64),
      provider: 'openai',
      model: 'm',
      result: {
        ok: true,
        text: '',
        usage: { inputTokens: 0, outputTokens: 0 },
        latencyMs: 0,
        costUsd: '0',
      },
    })
    await recorder.flush()
    expect(lines.some((line) => line.msg === 'could not append to the LLM recording')).toBe(true)
  })

  it('passes configuration checks through', async () => {
    const live = new ScriptedProvider('openai')
    live.hasKey = false
    expect(
      await new RecordingProvider(live, new LlmRecorder(tempFile(), silentLogger())).isConfigured(),
    ).toBe(false)
  })

  it('passes preloads through without recording them', async () => {
    const file = tempFile()
    const loadFailure = llmError('sdk_load_failed', 'provider=openai sdk=openai failed to load: x')
    const live = new DeferredProvider({
      name: 'openai',
      sdk: 'openai',
      isConfigured: async () => true,
      load: async () => {
        throw new Error('x')
      },
    })
    const recorder = new LlmRecorder(file, silentLogger())
    expect(await new RecordingProvider(live, recorder).preload()).toEqual(loadFailure)
    // A provider built ready has nothing to load.
    expect(
      await new RecordingProvider(new ScriptedProvider('openai'), recorder).preload(),
    ).toBeNull()
    await recorder.flush()
    expect(() => readFileSync(file, 'utf8')).toThrow()
  })
})

describe('withRecordReplay', () => {
  const providers = new Map<ProviderName, LlmProvider>([
    ['openai', new ScriptedProvider('openai')],
    ['rules', new RulesProvider()],
  ])

  it('leaves providers alone when off', () => {
    expect(withRecordReplay(providers, 'off', {})).toBe(providers)
  })

  it('wraps every provider but rules', () => {
    const recorder = new LlmRecorder(tempFile(), silentLogger())
    const recorded = withRecordReplay(providers, 'record', { recorder })
    expect(recorded.get('openai')).toBeInstanceOf(RecordingProvider)
    expect(recorded.get('rules')).toBe(providers.get('rules'))
    const replayed = withRecordReplay(providers, 'replay', { recording: new LlmRecording([]) })
    expect(replayed.get('openai')).toBeInstanceOf(ReplayProvider)
    expect(replayed.get('rules')).toBe(providers.get('rules'))
  })

  it('needs a recorder to record and a recording to replay', () => {
    expect(() => withRecordReplay(providers, 'record', {})).toThrow(/recorder/)
    expect(() => withRecordReplay(providers, 'replay', {})).toThrow(/recording/)
  })
})
