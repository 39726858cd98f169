import { Ollama } from 'ollama'
import type { ProgressResponse } from 'ollama'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FAKE_EPOCH_MS, FakeOllamaServer, digestOf, reply } from '../../fakes/llm'

let fake: FakeOllamaServer
let host = ''

/** The construction the LLM layer uses: just the host (ollama-js has no retries or timeout). */
const client = (): Ollama => new Ollama({ host })

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (error: unknown) => error,
  )

const localNames = async (ollama: Ollama): Promise<string[]> =>
  (await ollama.list()).models.map((model) => model.name)

beforeAll(async () => {
  fake = new FakeOllamaServer()
  host = (await fake.start()).url
})

afterAll(() => fake.stop())

beforeEach(() => fake.reset())

describe('FakeOllamaServer chat and generate', () => {
  it('answers a non-streamed chat with Ollama fields and metrics', async () => {
    const response = await client().chat({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      options: { temperature: 0, num_predict: 64 },
    })

    expect(response).toMatchObject({
      model: 'llama3.2',
      created_at: new Date(FAKE_EPOCH_MS).toISOString(),
      message: { role: 'assistant', content: 'Fake reply from llama3.2: hi' },
      done: true,
      done_reason: 'stop',
    })
    expect(response.eval_count).toBeGreaterThan(0)
    expect(response.prompt_eval_count).toBeGreaterThan(0)
    expect(response.total_duration).toBeGreaterThan(response.eval_duration)
    expect(fake.requests.last()).toMatchObject({
      path: '/api/chat',
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    })
  })

  it('streams a chat as NDJSON chunks ending with a done object', async () => {
    fake.enqueue(
      'llama3.2:latest',
      reply.text('a streamed answer', { reasoning: 'thinking first' }),
    )

    const stream = await client().chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    })
    const parts = []
    for await (const part of stream) parts.push(part)

    expect(parts.map((part) => part.message.content).join('')).toBe('a streamed answer')
    expect(parts[0]?.message.thinking).toBe('thinking first')
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop' })
    expect(parts.slice(0, -1).every((part) => !part.done)).toBe(true)
  })

  it('answers generate, streamed and not, with the text in response', async () => {
    fake.enqueue(
      'qwen2.5:7b',
      reply.text('first', { reasoning: 'why' }),
      reply.text('second answer', { chunkDelayMs: 1 }),
    )

    const single = await client().generate({ model: 'qwen2.5:7b', prompt: 'p', system: 's' })
    const stream = await client().generate({ model: 'qwen2.5:7b', prompt: 'p', stream: true })
    let streamed = ''
    for await (const part of stream) streamed += part.response

    expect(single).toMatchObject({
      model: 'qwen2.5:7b',
      response: 'first',
      done: true,
      done_reason: 'stop',
    })
    expect(single.context).toEqual([1, 2, 3])
    expect(single.thinking).toBe('why')
    expect(streamed).toBe('second answer')
    expect(fake.requests.forPath('/api/generate')[0]?.messages).toEqual([
      { role: 'system', content: 's' },
      { role: 'user', content: 'p' },
    ])
  })

  it.each([
    { name: 'json', format: 'json', expected: { model: 'llama3.2', echo: 'x' } },
    {
      name: 'a JSON schema',
      format: {
        type: 'object',
        properties: { bias: { enum: ['long', 'short'] } },
        required: ['bias'],
      },
      expected: { bias: 'long' },
    },
  ])('answers format $name with matching JSON by default', async ({ format, expected }) => {
    const response = await client().chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'x' }],
      format,
    })

    expect(JSON.parse(response.message.content)).toEqual(expected)
  })

  it('only loads the model for a chat without messages', async () => {
    const response = await client().chat({ model: 'qwen2.5:7b', messages: [] })

    expect(response).toMatchObject({ done: true, done_reason: 'load', message: { content: '' } })
    expect((await client().ps()).models.map((model) => model.name)).toEqual(['qwen2.5:7b'])
  })

  it('answers a chat with a model that was not pulled with 404 ResponseError', async () => {
    const error = await failure(
      client().chat({ model: 'mistral', messages: [{ role: 'user', content: 'x' }] }),
    )

    expect(error).toMatchObject({
      name: 'ResponseError',
      status_code: 404,
      error: "model 'mistral' not found",
    })
  })

  it.each([429, 500, 503])(
    'turns a scripted %i into a ResponseError with Ollama error text',
    async (status) => {
      fake.enqueue('llama3.2', reply.error(status, { message: `boom ${status}` }))

      const error = await failure(
        client().chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] }),
      )

      expect(error).toMatchObject({
        name: 'ResponseError',
        status_code: status,
        error: `boom ${status}`,
      })
    },
  )

  it('serves malformed JSON content when scripted', async () => {
    fake.enqueue('llama3.2', reply.malformedJson('{"trend": '))

    const response = await client().chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'x' }],
      format: 'json',
    })

    expect(() => JSON.parse(response.message.content)).toThrow(SyntaxError)
  })

  it('lets a caller time out a slow chat through its own fetch signal', async () => {
    fake.enqueue('llama3.2', reply.delayed(5_000, reply.text('too late')))
    const ollama = new Ollama({
      host,
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(100) }),
    })

    const error = await failure(
      ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] }),
    )

    expect(error).toMatchObject({ name: 'TimeoutError' })
  })

  it.each([
    { name: 'no model', body: { messages: [] }, message: 'model is required' },
    {
      name: 'a bad role',
      body: { model: 'llama3.2', messages: [{ role: 'robot', content: 'x' }] },
      message: /^invalid request: messages\.0\.role/,
    },
  ])('answers a chat with $name with 400', async ({ body, message }) => {
    const response = await fetch(`${host}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ ...body, stream: false }),
    })

    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(message)
  })

  it('answers bodies that are missing or not JSON with 400, and unknown routes with a plain 404', async () => {
    const missing = await fetch(`${host}/api/chat`, { method: 'POST' })
    const broken = await fetch(`${host}/api/generate`, { method: 'POST', body: '{' })
    const unknown = await fetch(`${host}/api/nothing`)

    expect([missing.status, broken.status, unknown.status]).toEqual([400, 400, 404])
    expect(await missing.json()).toEqual({ error: 'missing request body' })
    expect(await unknown.text()).toBe('404 page not found')
  })

  it('answers the version and the root health check', async () => {
    expect(await client().version()).toEqual({ version: '0.12.3' })
    expect(await (await fetch(host)).text()).toBe('Ollama is running')
  })
})

describe('FakeOllamaServer model management', () => {
  it('lists local models with name, size, digest, date and details', async () => {
    const { models } = await client().list()

    expect(models.map((model) => model.name)).toEqual(['llama3.2:latest', 'qwen2.5:7b'])
    expect(models[0]).toMatchObject({
      name: 'llama3.2:latest',
      model: 'llama3.2:latest',
      size: 2_019_393_189,
      digest: digestOf('llama3.2'),
      modified_at: new Date(FAKE_EPOCH_MS).toISOString(),
      details: {
        family: 'llama',
        parameter_size: '3.2B',
        quantization_level: 'Q4_K_M',
        format: 'gguf',
      },
    })
    expect(models[0]?.digest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('reports a model as running after a chat', async () => {
    expect((await client().ps()).models).toEqual([])

    await client().chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] })
    const { models } = await client().ps()

    expect(models).toHaveLength(1)
    expect(models[0]).toMatchObject({
      name: 'llama3.2:latest',
      size_vram: 2_019_393_189,
      context_length: 4096,
    })
    expect(models[0]?.expires_at).toBe(new Date(FAKE_EPOCH_MS + 5 * 60 * 1000).toISOString())
  })

  it('shows a model and 404s an unknown one', async () => {
    const shown = await client().show({ model: 'qwen2.5:7b' })
    const error = await failure(client().show({ model: 'nope' }))

    expect(shown.details).toMatchObject({ family: 'qwen2', parameter_size: '7.6B' })
    expect(shown.model_info).toMatchObject({
      'general.architecture': 'qwen2',
      'qwen2.context_length': 4096,
    })
    expect(shown.capabilities).toEqual(['completion'])
    expect(error).toMatchObject({
      name: 'ResponseError',
      status_code: 404,
      error: "model 'nope' not found",
    })
  })

  it('deletes a model, then answers a second delete with 404', async () => {
    const ollama = new FakeOllamaServer({ running: ['llama3.2'] })
    const { url } = await ollama.start()
    try {
      const own = new Ollama({ host: url })

      expect(await own.delete({ model: 'llama3.2' })).toEqual({ status: 'success' })
      expect(await localNames(own)).toEqual(['qwen2.5:7b'])
      expect((await own.ps()).models).toEqual([])
      expect(await failure(own.delete({ model: 'llama3.2' }))).toMatchObject({ status_code: 404 })
    } finally {
      await ollama.stop()
    }
  })
})

describe('FakeOllamaServer pull', () => {
  it('streams pull progress to success and adds the model', async () => {
    const ollama = client()
    fake.setPullPace({ progressSteps: 3, intervalMs: 1, layerBytes: 3000 })

    const stream = await ollama.pull({ model: 'mistral:7b', stream: true })
    const progress: ProgressResponse[] = []
    for await (const part of stream) progress.push(part)

    const digest = digestOf('mistral:7b')
    expect(progress.map((part) => part.status)).toEqual([
      'pulling manifest',
      `pulling ${digest.slice(0, 12)}`,
      `pulling ${digest.slice(0, 12)}`,
      `pulling ${digest.slice(0, 12)}`,
      `pulling ${digest.slice(0, 12)}`,
      'verifying sha256 digest',
      'writing manifest',
      'removing any unused layers',
      'success',
    ])
    expect(progress.slice(1, 5).map((part) => part.completed)).toEqual([
      undefined,
      1000,
      2000,
      3000,
    ])
    expect(progress[1]).toMatchObject({ digest: `sha256:${digest}`, total: 3000 })
    expect(await localNames(ollama)).toContain('mistral:7b')
    expect(fake.pulls().at(-1)).toMatchObject({ model: 'mistral:7b', outcome: 'completed' })
  })

  it.each([
    {
      name: 'the iterator abort()',
      cancel: (_ollama: Ollama, stream: { abort(): void }) => stream.abort(),
    },
    { name: 'the client abort()', cancel: (ollama: Ollama) => ollama.abort() },
  ])(
    'stops the pull when cancelled through $name, leaving the model absent',
    async ({ cancel }) => {
      const ollama = client()
      fake.setPullPace({ progressSteps: 1000, intervalMs: 20 })

      const stream = await ollama.pull({ model: 'phi4', stream: true })
      const seen: string[] = []
      const error = await failure(
        (async () => {
          for await (const part of stream) {
            seen.push(part.status)
            if (seen.length === 3) cancel(ollama, stream)
          }
        })(),
      )
      const [record] = (await fake.whenPullsSettled()).filter(
        (pull) => pull.model === 'phi4:latest',
      )

      expect(error).toMatchObject({ name: 'AbortError' })
      expect(record?.outcome).toBe('cancelled')
      expect(record?.linesSent).toBeLessThan(1000)
      expect(await localNames(ollama)).not.toContain('phi4:latest')
    },
  )

  it('answers a non-streamed pull with one success object', async () => {
    fake.setPullPace({ progressSteps: 2, intervalMs: 1 })

    const result = await client().pull({ model: 'gemma3:1b' })

    expect(result).toEqual({ status: 'success' })
    expect(await localNames(client())).toContain('gemma3:1b')
  })

  it('fails a pull of a model the registry lacks with an error line', async () => {
    const ollama = new FakeOllamaServer({
      registry: [{ name: 'phi4', parameterSize: '14.7B', family: 'phi3' }],
      pullPace: { progressSteps: 1, intervalMs: 1 },
    })
    const { url } = await ollama.start()
    try {
      const own = new Ollama({ host: url })
      const consume = async (model: string): Promise<string[]> => {
        const statuses: string[] = []
        for await (const part of await own.pull({ model, stream: true })) statuses.push(part.status)
        return statuses
      }

      const error = await failure(consume('no-such-model'))
      await consume('phi4')
      const pulled = (await own.list()).models.find((model) => model.name === 'phi4:latest')

      expect((error as Error).message).toBe('pull model manifest: file does not exist')
      expect(ollama.pulls().map((pull) => pull.outcome)).toEqual(['failed', 'completed'])
      expect(pulled?.details).toMatchObject({ family: 'phi3', parameter_size: '14.7B' })
    } finally {
      await ollama.stop()
    }
  })

  it('answers a pull without a model name with 400', async () => {
    const response = await fetch(`${host}/api/pull`, {
      method: 'POST',
      body: JSON.stringify({ stream: false }),
    })

    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'model is required' })
  })
})
