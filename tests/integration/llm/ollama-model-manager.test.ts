import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SystemClock } from '../../../src-main/engine/clock'
import {
  OllamaModelManager,
  type PullProgress,
} from '../../../src-main/engine/llm/ollama-model-manager'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { digestOf, FakeOllamaServer } from '../../fakes/llm'

const fake = new FakeOllamaServer({
  models: [
    {
      name: 'qwen2.5:7b',
      family: 'qwen2',
      parameterSize: '7.6B',
      quantizationLevel: 'Q4_K_M',
      sizeBytes: 4_683_087_332,
      contextLength: 32768,
    },
    { name: 'llama3.2:latest', family: 'llama', parameterSize: '3.2B', sizeBytes: 2_019_393_189 },
  ],
  running: ['qwen2.5:7b'],
  registry: [{ name: 'mistral:latest', family: 'llama', parameterSize: '7.2B' }],
  pullPace: { progressSteps: 4, intervalMs: 5, layerBytes: 4_000 },
})
let manager: OllamaModelManager

beforeAll(async () => {
  const { url } = await fake.start()
  manager = new OllamaModelManager({ host: url, clock: new SystemClock(), logger: silentLogger() })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

describe('OllamaModelManager', () => {
  it('lists local models with size, family, parameter size and quantization', async () => {
    const result = await manager.list()
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.map(({ modifiedAt: _time, ...model }) => model)).toEqual([
      {
        name: 'qwen2.5:7b',
        sizeBytes: 4_683_087_332,
        digest: digestOf('qwen2.5:7b'),
        family: 'qwen2',
        parameterSize: '7.6B',
        quantization: 'Q4_K_M',
      },
      {
        name: 'llama3.2:latest',
        sizeBytes: 2_019_393_189,
        digest: digestOf('llama3.2:latest'),
        family: 'llama',
        parameterSize: '3.2B',
        quantization: expect.any(String),
      },
    ])
    expect(result.value[0]?.modifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })

  it('lists running models with memory, expiry and context length', async () => {
    const result = await manager.running()
    expect(result).toMatchObject({
      ok: true,
      value: [
        {
          name: 'qwen2.5:7b',
          sizeVramBytes: 4_683_087_332,
          contextLength: 32768,
          expiresAt: expect.stringMatching(/T/),
        },
      ],
    })
  })

  it('shows a model and refuses an unknown one as not_found', async () => {
    expect(await manager.show('qwen2.5:7b')).toMatchObject({
      ok: true,
      value: {
        name: 'qwen2.5:7b',
        family: 'qwen2',
        parameterSize: '7.6B',
        quantization: 'Q4_K_M',
        contextLength: 32768,
      },
    })
    expect(await manager.show('nope:1b')).toMatchObject({
      ok: false,
      error: { kind: 'not_found', status: 404 },
    })
  })

  it('deletes a model, and refuses one that is not there', async () => {
    expect(await manager.delete('llama3.2')).toEqual({ ok: true, value: { model: 'llama3.2' } })
    const listed = await manager.list()
    expect(listed.ok && listed.value.map((model) => model.name)).toEqual(['qwen2.5:7b'])
    expect(await manager.delete('llama3.2')).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    })
  })

  it('pulls a model, reporting progress to 100 %', async () => {
    const progress: PullProgress[] = []
    const result = await manager.pull('mistral', { onProgress: (line) => progress.push(line) })
    expect(result).toEqual({ ok: true, value: { model: 'mistral' } })
    expect(progress.map((line) => line.status)).toEqual([
      'pulling manifest',
      ...Array(5).fill(`pulling ${digestOf('mistral').slice(0, 12)}`),
      'verifying sha256 digest',
      'writing manifest',
      'removing any unused layers',
      'success',
    ])
    expect(progress.map((line) => line.percent)).toEqual([
      null,
      null,
      25,
      50,
      75,
      100,
      null,
      null,
      null,
      null,
    ])
    expect(progress[2]).toMatchObject({
      model: 'mistral',
      totalBytes: 4_000,
      completedBytes: 1_000,
      digest: `sha256:${digestOf('mistral')}`,
    })
    const listed = await manager.list()
    expect(listed.ok && listed.value.map((model) => model.name)).toContain('mistral:latest')
  })

  it('cancels a pull midway when the signal aborts', async () => {
    fake.setPullPace({ progressSteps: 50, intervalMs: 20 })
    const controller = new AbortController()
    const progress: PullProgress[] = []
    const result = await manager.pull('mistral', {
      signal: controller.signal,
      onProgress: (line) => {
        progress.push(line)
        if (line.completedBytes !== null && line.completedBytes > 0) controller.abort()
      },
    })
    expect(result).toMatchObject({ ok: false, error: { kind: 'aborted' } })
    expect(progress.at(-1)?.percent).toBe(2)
    expect((await fake.whenPullsSettled()).map((pull) => pull.outcome)).toEqual(['cancelled'])
    const listed = await manager.list()
    expect(listed.ok && listed.value.map((model) => model.name)).not.toContain('mistral:latest')
  })

  it('does not start a pull whose signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    expect(await manager.pull('mistral', { signal: controller.signal })).toMatchObject({
      ok: false,
      error: { kind: 'aborted' },
    })
    expect(fake.pulls()).toEqual([])
  })

  it('reports a model the registry lacks as a failed pull', async () => {
    const result = await manager.pull('no-such-model')
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'server', message: 'pull model manifest: file does not exist' },
    })
  })

  it('reports an unreachable server as a network error', async () => {
    const offline = new OllamaModelManager({
      host: 'http://127.0.0.1:9',
      clock: new SystemClock(),
      logger: silentLogger(),
    })
    expect(await offline.list()).toMatchObject({ ok: false, error: { kind: 'network' } })
    expect(await offline.pull('mistral')).toMatchObject({ ok: false, error: { kind: 'network' } })
  })

  it('answers a host that does not parse with an error result, pulls included', async () => {
    const malformed = new OllamaModelManager({
      host: 'http://bad host:11434',
      clock: new SystemClock(),
      logger: silentLogger(),
    })
    expect(await malformed.list()).toMatchObject({ ok: false, error: { kind: 'network' } })
    expect(await malformed.pull('mistral')).toMatchObject({ ok: false, error: { kind: 'network' } })
  })

  it('times out a call the server does not answer', async () => {
    const hanging = new OllamaModelManager({
      host: fake.url,
      clock: new SystemClock(),
      logger: silentLogger(),
      timeoutMs: 100,
      fetch: (input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        ),
    })
    expect(await hanging.running()).toMatchObject({ ok: false, error: { kind: 'timeout' } })
  })

  it('refuses a response it does not understand', async () => {
    const odd = new OllamaModelManager({
      host: fake.url,
      clock: new SystemClock(),
      logger: silentLogger(),
      fetch: async () =>
        new Response('{"models": "many"}', { headers: { 'content-type': 'application/json' } }),
    })
    expect(await odd.list()).toMatchObject({ ok: false, error: { kind: 'server' } })
  })
})
