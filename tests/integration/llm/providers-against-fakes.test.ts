import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SystemClock } from '../../../src-main/engine/clock'
import type { LlmErrorKind } from '../../../src-main/engine/llm/llm-error'
import type {
  GenerateRequest,
  ModelSpec,
  ProviderRegistry,
} from '../../../src-main/engine/llm/llm-types'
import { modelCatalog } from '../../../src-main/engine/llm/model-catalog'
import { createProviders } from '../../../src-main/engine/llm/providers/create-providers'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { MALFORMED_JSON_TEXT, reply, type FakeOpenAiServer } from '../../fakes/llm'
import { FAKE_ENV, startFakeFleet, type FakeFleet } from '../../helpers/llm/fake-fleet'

let fleet: FakeFleet
let providers: ProviderRegistry
let catalog: ReadonlyMap<string, ModelSpec>
const clock = new SystemClock()

beforeAll(async () => {
  fleet = await startFakeFleet()
  const config = fleet.config()
  catalog = modelCatalog(config)
  providers = createProviders({ config, clock, logger: silentLogger(), env: FAKE_ENV })
})
afterAll(() => fleet.stop())
beforeEach(() => fleet.reset())

const ANSWER = { action: 'HOLD', confidence: 0.5 }

function request(modelKey: string, overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  const model = catalog.get(modelKey)
  if (!model) throw new Error(`no model ${modelKey}`)
  return {
    model,
    system: 'You vote on trades. Answer in JSON.',
    messages: [{ role: 'user', content: 'BTC/USDT at 50000' }],
    jsonSchema: {
      name: 'Vote',
      schema: { type: 'object', properties: { action: { type: 'string' } } },
    },
    temperature: 0.2,
    timeoutMs: 5_000,
    ...overrides,
  }
}

const generate = (modelKey: string, overrides: Partial<GenerateRequest> = {}) => {
  const model = catalog.get(modelKey) as ModelSpec
  return providers.get(model.provider)!.generate(request(modelKey, overrides))
}

/** Which fake serves each catalogue model, and the id it sees. */
const SERVED = [
  ['gpt', 'gpt-4o', () => fleet.openai],
  ['deepseek', 'deepseek-v4-flash', () => fleet.deepseek],
  ['grok', 'grok-4-fast-non-reasoning', () => fleet.xai],
  ['claude_sonnet', 'claude-sonnet-4-6', () => fleet.anthropic],
  ['qwen', 'qwen2.5:7b', () => fleet.ollama],
] as const

describe('providers through the real SDKs', () => {
  it.each(SERVED)('%s answers with text, parsed JSON, usage and cost', async (key, id, fake) => {
    fake().enqueue(
      id,
      reply.json(ANSWER, { usage: { inputTokens: 1_000_000, outputTokens: 100_000 } }),
    )
    const result = await generate(key)
    expect(result).toMatchObject({
      ok: true,
      modelId: id,
      text: JSON.stringify(ANSWER),
      parsed: ANSWER,
      usage: { inputTokens: 1_000_000, outputTokens: 100_000 },
      isFromRecording: false,
    })
    const model = catalog.get(key) as ModelSpec
    expect(result.costUsd.toNumber()).toBeCloseTo(
      model.inputPricePerMtok + model.outputPricePerMtok / 10,
      10,
    )
    expect(result.latencyMs).toBeGreaterThanOrEqual(0)
    expect(fake().requests.size).toBe(1)
  })

  it('sends OpenAI JSON mode and max_completion_tokens, DeepSeek max_tokens on its bare URL', async () => {
    await generate('gpt')
    await generate('deepseek')
    const openai = fleet.openai.requests.last()
    expect(openai.path).toBe('/v1/chat/completions')
    expect(openai.body).toMatchObject({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You vote on trades. Answer in JSON.' },
        { role: 'user', content: 'BTC/USDT at 50000' },
      ],
      response_format: { type: 'json_object' },
      max_completion_tokens: 2048,
      temperature: 0.2,
    })
    const deepseek = fleet.deepseek.requests.last()
    expect(deepseek.path).toBe('/chat/completions')
    expect(deepseek.body).toMatchObject({ max_tokens: 2048 })
    expect(deepseek.body).not.toHaveProperty('max_completion_tokens')
  })

  it('sends Anthropic the system prompt apart and Ollama the schema as format', async () => {
    await generate('claude_sonnet')
    await generate('qwen')
    expect(fleet.anthropic.requests.last().body).toMatchObject({
      model: 'claude-sonnet-4-6',
      system: 'You vote on trades. Answer in JSON.',
      max_tokens: 2048,
      messages: [{ role: 'user', content: 'BTC/USDT at 50000' }],
    })
    expect(fleet.ollama.requests.last().body).toMatchObject({
      model: 'qwen2.5:7b',
      format: { type: 'object', properties: { action: { type: 'string' } } },
      options: { num_ctx: 8192, num_predict: 1024, temperature: 0.2 },
      stream: false,
    })
  })

  it('says JSON in the system prompt when JSON mode is on and no message does', async () => {
    const plain = { system: 'Vote.', messages: [{ role: 'user' as const, content: 'BTC' }] }
    expect(await generate('gpt', plain)).toMatchObject({ ok: true })
    expect(fleet.openai.requests.last().body).toMatchObject({
      messages: [
        { role: 'system', content: 'Vote.\n\nAnswer with a JSON object.' },
        { role: 'user' },
      ],
    })
    await generate('gpt', { ...plain, jsonSchema: undefined })
    expect(fleet.openai.requests.last().body).toMatchObject({
      messages: [{ content: 'Vote.' }, {}],
    })
    expect(fleet.openai.requests.last().body).not.toHaveProperty('response_format')
  })

  it('leaves parsed out when the answer is not JSON', async () => {
    fleet.openai.enqueue('gpt-4o', reply.malformedJson())
    const result = await generate('gpt')
    expect(result).toMatchObject({ ok: true, text: MALFORMED_JSON_TEXT })
    expect(result.ok && 'parsed' in result).toBe(false)
  })
})

describe('provider errors through the real SDKs', () => {
  type Fake = () => FakeOpenAiServer | FakeFleet['anthropic'] | FakeFleet['ollama']
  const cases: [string, number, LlmErrorKind, string, Fake][] = []
  for (const [key, id, fake] of SERVED) {
    for (const [status, kind] of [
      [401, 'auth'],
      [404, 'not_found'],
      [429, 'rate_limited'],
      [500, 'server'],
      [503, 'overloaded'],
    ] as const) {
      cases.push([key, status, kind, id, fake])
    }
  }
  cases.push(['claude_sonnet', 529, 'overloaded', 'claude-sonnet-4-6', () => fleet.anthropic])

  it.each(cases)('%s: status %i is %s', async (key, status, kind, id, fake) => {
    fake().enqueue(id, reply.error(status, { headers: { 'retry-after-ms': '10' } }))
    const result = await generate(key)
    expect(result).toMatchObject({ ok: false, error: { kind, status } })
    // The SDKs' own retries are off; the router alone retries.
    expect(fake().requests.size).toBe(1)
    expect(result.costUsd.isZero()).toBe(true)
  })

  it('reads the retry delay the provider asks for', async () => {
    fleet.anthropic.enqueue(
      'claude-sonnet-4-6',
      reply.error(429, { headers: { 'retry-after': '2' } }),
    )
    expect(await generate('claude_sonnet')).toMatchObject({
      error: { kind: 'rate_limited', retryAfterMs: 2000 },
    })
    fleet.openai.enqueue('gpt-4o', reply.error(429, { headers: { 'retry-after-ms': '150' } }))
    expect(await generate('gpt')).toMatchObject({
      error: { kind: 'rate_limited', retryAfterMs: 150 },
    })
  })

  it.each(SERVED)('%s times out on the clock', async (key, id, fake) => {
    fake().enqueue(id, reply.hang())
    const result = await generate(key, { timeoutMs: 150 })
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } })
  })

  it.each(SERVED)('%s stops when the caller aborts', async (key, id, fake) => {
    fake().enqueue(id, reply.hang())
    const controller = new AbortController()
    const pending = generate(key, { signal: controller.signal })
    setImmediate(() => controller.abort())
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'aborted' } })
  })

  it('maps a bad xAI key (answered with 400) to auth', async () => {
    const config = fleet.config()
    const wrong = createProviders({
      config,
      clock,
      logger: silentLogger(),
      env: { ...FAKE_ENV, XAI_BEARER_API_KEY: 'wrong-key' },
    })
    const result = await wrong.get('xai')!.generate(request('grok'))
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', status: 400 } })
  })

  it('reports a provider without a key as unavailable without sending anything', async () => {
    const keyless = createProviders({
      config: fleet.config(),
      clock,
      logger: silentLogger(),
      env: {},
    })
    for (const name of ['openai', 'deepseek', 'xai', 'anthropic'] as const) {
      const provider = keyless.get(name)!
      expect(await provider.isConfigured()).toBe(false)
      const key = { openai: 'gpt', deepseek: 'deepseek', xai: 'grok', anthropic: 'claude_sonnet' }[
        name
      ]
      expect(await provider.generate(request(key))).toMatchObject({
        ok: false,
        error: { kind: 'unavailable' },
        latencyMs: 0,
      })
    }
    expect(await keyless.get('ollama')!.isConfigured()).toBe(true)
    expect(
      fleet.openai.requests.size +
        fleet.deepseek.requests.size +
        fleet.xai.requests.size +
        fleet.anthropic.requests.size,
    ).toBe(0)
  })

  it('asks the key store before the environment', async () => {
    const stored = createProviders({
      config: fleet.config(),
      clock,
      logger: silentLogger(),
      env: {},
      keyStore: {
        get: async (provider) => (provider === 'openai' ? FAKE_ENV.OPENAI_API_KEY : null),
      },
    })
    expect(await stored.get('openai')!.generate(request('gpt'))).toMatchObject({ ok: true })
  })

  it('maps a refused connection to network', async () => {
    const config = fleet.config((agents) => {
      agents.providers.openai.base_url = 'http://127.0.0.1:9/v1'
      agents.providers.anthropic.base_url = 'http://127.0.0.1:9'
      agents.providers.ollama.base_url = 'http://127.0.0.1:9'
    })
    const offline = createProviders({ config, clock, logger: silentLogger(), env: FAKE_ENV })
    expect(await offline.get('openai')!.generate(request('gpt'))).toMatchObject({
      error: { kind: 'network' },
    })
    expect(await offline.get('anthropic')!.generate(request('claude_sonnet'))).toMatchObject({
      error: { kind: 'network' },
    })
    expect(await offline.get('ollama')!.generate(request('qwen'))).toMatchObject({
      error: { kind: 'network' },
    })
  })

  it.each([
    ['openai', 'gpt', () => fleet.openai, 'gpt-4o'],
    ['anthropic', 'claude_sonnet', () => fleet.anthropic, 'claude-sonnet-4-6'],
    ['ollama', 'qwen', () => fleet.ollama, 'qwen2.5:7b'],
  ] as const)('treats an unexpected %s body as a server error', async (_name, key, fake, id) => {
    fake().enqueue(id, reply.raw(200, '{"unexpected": true}', { contentType: 'application/json' }))
    expect(await generate(key)).toMatchObject({ ok: false, error: { kind: 'server' } })
  })
})
