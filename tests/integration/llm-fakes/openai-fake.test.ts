import OpenAI from 'openai'
import { zodResponseFormat } from 'openai/helpers/zod'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  ANY_MODEL,
  FAKE_EPOCH_MS,
  FakeOpenAiServer,
  MALFORMED_JSON_TEXT,
  REDACTED,
  reply,
} from '../../fakes/llm'

const fake = new FakeOpenAiServer({ apiKey: 'sk-test-key', models: ['gpt-4o-mini', 'gpt-4o'] })
let baseURL = ''

/** The construction the LLM layer uses: key, `/v1` base URL, no retries, a short timeout. */
const client = (options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI =>
  new OpenAI({ apiKey: 'sk-test-key', baseURL, maxRetries: 0, timeout: 5_000, ...options })

const ask = (openai: OpenAI, content = 'Say hi', model = 'gpt-4o-mini') =>
  openai.chat.completions.create({ model, messages: [{ role: 'user', content }] })

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (error: unknown) => error,
  )

beforeAll(async () => {
  const { url } = await fake.start()
  baseURL = `${url}/v1`
})

afterAll(() => fake.stop())

beforeEach(() => fake.reset())

describe('FakeOpenAiServer chat completions', () => {
  it('answers a chat completion with OpenAI fields and a deterministic default text', async () => {
    const completion = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hi' },
      ],
      temperature: 0.2,
      max_tokens: 64,
    })

    expect(completion).toMatchObject({
      object: 'chat.completion',
      created: FAKE_EPOCH_MS / 1000,
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Fake reply from gpt-4o-mini: Say hi',
            refusal: null,
          },
          finish_reason: 'stop',
        },
      ],
    })
    expect(completion.id).toMatch(/^chatcmpl-/)
    expect(completion._request_id).toMatch(/^req_/)
    const usage = completion.usage
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0))
    expect(usage?.completion_tokens).toBeGreaterThan(0)
  })

  it('logs the model, messages and headers with the key redacted', async () => {
    await client().chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'part one, ' },
            { type: 'text', text: 'part two' },
          ],
        },
      ],
    })

    const logged = fake.requests.last()
    expect(logged).toMatchObject({
      provider: 'openai',
      method: 'POST',
      path: '/v1/chat/completions',
      model: 'gpt-4o',
      status: 200,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'part one, part two' },
      ],
    })
    expect(logged.headers.authorization).toBe(REDACTED)
    expect(JSON.stringify(logged)).not.toContain('sk-test-key')
    expect(logged.headers['x-stainless-retry-count']).toBe('0')
  })

  it('echoes any model id and serves scripted text with usage and a length finish', async () => {
    fake.enqueue(
      'deepseek-v4-flash',
      reply.text('cut', { finishReason: 'length', usage: { inputTokens: 7, outputTokens: 3 } }),
    )

    const completion = await ask(client(), 'hello', 'deepseek-v4-flash')

    expect(completion.model).toBe('deepseek-v4-flash')
    expect(completion.choices[0]?.message.content).toBe('cut')
    expect(completion.choices[0]?.finish_reason).toBe('length')
    expect(completion.usage).toMatchObject({
      prompt_tokens: 7,
      completion_tokens: 3,
      total_tokens: 10,
    })
  })

  it('answers json_object mode with a JSON object by default', async () => {
    const completion = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Reply in JSON: hi' }],
      response_format: { type: 'json_object' },
    })

    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
      model: 'gpt-4o-mini',
      echo: 'Reply in JSON: hi',
    })
  })

  it('refuses json_object mode when no message mentions JSON, as OpenAI does', async () => {
    const error = await failure(
      client().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        response_format: { type: 'json_object' },
      }),
    )

    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect(error).toMatchObject({ status: 400, param: 'messages', type: 'invalid_request_error' })
  })

  it('answers a json_schema request with a value that satisfies the schema, so parse() succeeds', async () => {
    const Decision = z.object({
      action: z.enum(['BUY', 'SELL', 'HOLD']),
      confidence: z.number().min(0).max(1),
      reasons: z.array(z.string()),
    })

    const completion = await client().chat.completions.parse({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Decide' }],
      response_format: zodResponseFormat(Decision, 'decision'),
    })

    expect(completion.choices[0]?.message.parsed).toEqual({
      action: 'BUY',
      confidence: 0,
      reasons: [],
    })
    const body = fake.requests.last().body as { response_format: { type: string } }
    expect(body.response_format.type).toBe('json_schema')
  })

  it('serves malformed JSON content when scripted', async () => {
    fake.enqueue('gpt-4o-mini', reply.malformedJson())

    const completion = await ask(client(), 'json please')
    const content = completion.choices[0]?.message.content ?? ''

    expect(content).toBe(MALFORMED_JSON_TEXT)
    expect(() => JSON.parse(content)).toThrow(SyntaxError)
  })

  it('streams SSE chunks that the SDK reassembles, with a final usage chunk', async () => {
    fake.enqueue('gpt-4o-mini', reply.text('one two three'))

    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    })
    let text = ''
    let finishReason: string | null = null
    let totalTokens: number | undefined
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason
      totalTokens = chunk.usage?.total_tokens ?? totalTokens
    }

    expect(text).toBe('one two three')
    expect(finishReason).toBe('stop')
    expect(totalTokens).toBeGreaterThan(0)
  })
})

describe('FakeOpenAiServer errors', () => {
  it('answers a wrong key with 401 in OpenAI shape, surfacing as AuthenticationError', async () => {
    const error = await failure(ask(client({ apiKey: 'sk-wrong-key-1234' })))

    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid_api_key',
      type: 'invalid_request_error',
    })
    expect((error as Error).message).toMatch(/^401 Incorrect API key provided: sk-w\*+1234\./)
  })

  it.each([
    {
      status: 404,
      errorClass: OpenAI.NotFoundError,
      code: 'model_not_found',
      type: 'invalid_request_error',
    },
    {
      status: 429,
      errorClass: OpenAI.RateLimitError,
      code: 'rate_limit_exceeded',
      type: 'requests',
    },
    { status: 500, errorClass: OpenAI.InternalServerError, code: null, type: 'server_error' },
    { status: 503, errorClass: OpenAI.InternalServerError, code: null, type: 'server_error' },
    { status: 529, errorClass: OpenAI.InternalServerError, code: null, type: 'server_error' },
  ])(
    'turns a scripted $status into the SDK class for it',
    async ({ status, errorClass, code, type }) => {
      fake.enqueue('gpt-4o-mini', reply.error(status))

      const error = await failure(ask(client()))

      expect(error).toBeInstanceOf(errorClass)
      expect(error).toMatchObject({ status, code, type })
      expect((error as { requestID?: string }).requestID).toMatch(/^req_/)
    },
  )

  it('lets a script override the message, type and code and add headers', async () => {
    fake.enqueue(
      'gpt-4o-mini',
      reply.error(429, {
        message: 'You exceeded your current quota.',
        errorType: 'insufficient_quota',
        code: 'insufficient_quota',
        headers: { 'x-should-retry': 'false' },
      }),
    )

    const error = await failure(ask(client({ maxRetries: 2 })))

    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    expect(error).toMatchObject({ code: 'insufficient_quota', type: 'insufficient_quota' })
    expect(fake.requests.forPath('/v1/chat/completions')).toHaveLength(1)
  })

  it('is retried by the SDK after a 429 with retry-after-ms, visible in the retry-count header', async () => {
    fake.enqueue(
      'gpt-4o-mini',
      reply.error(429, { headers: { 'retry-after-ms': '10' } }),
      reply.text('second time'),
    )

    const completion = await ask(client({ maxRetries: 1 }))

    expect(completion.choices[0]?.message.content).toBe('second time')
    const attempts = fake.requests.forPath('/v1/chat/completions')
    expect(
      attempts.map((attempt) => [attempt.status, attempt.headers['x-stainless-retry-count']]),
    ).toEqual([
      [429, '0'],
      [200, '1'],
    ])
  })

  it('passes a raw non-JSON error body through to the SDK message', async () => {
    fake.enqueue(
      'gpt-4o-mini',
      reply.raw(502, '<html>Bad Gateway</html>', { contentType: 'text/html' }),
    )

    const error = await failure(ask(client()))

    expect(error).toBeInstanceOf(OpenAI.InternalServerError)
    expect((error as Error).message).toBe('502 <html>Bad Gateway</html>')
  })

  it.each([
    { name: 'a delayed reply', scripted: reply.delayed(5_000, reply.text('too late')) },
    { name: 'a reply that never comes', scripted: reply.hang() },
  ])('makes the SDK time out on $name', async ({ scripted }) => {
    fake.enqueue('gpt-4o-mini', scripted)

    const error = await failure(ask(client({ timeout: 100 })))

    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError)
    expect(fake.requests.last().status).toBeUndefined()
  })

  it.each([
    {
      name: 'missing messages',
      body: { model: 'gpt-4o-mini' },
      expected: { param: 'messages', code: 'missing_required_parameter' },
    },
    {
      name: 'an out-of-range temperature',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], temperature: 3 },
      expected: { param: 'temperature', code: 'invalid_value' },
    },
    {
      name: 'an unknown role',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'robot', content: 'x' }] },
      expected: { param: 'messages[0].role', code: 'invalid_value' },
    },
    {
      name: 'stream_options without streaming',
      body: {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'x' }],
        stream_options: { include_usage: true },
      },
      expected: { param: 'stream_options', code: 'invalid_value' },
    },
  ])('answers $name with 400 in OpenAI shape', async ({ body, expected }) => {
    const error = await failure(
      client().chat.completions.create(
        body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
      ),
    )

    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', ...expected })
  })

  it('answers a body that is not JSON with 400', async () => {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-key', 'content-type': 'application/json' },
      body: '{not json',
    })

    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { type: string; message: string } }
    expect(body.error.type).toBe('invalid_request_error')
    expect(body.error.message).toMatch(/could not parse the JSON body/)
  })

  it('answers an unknown route with 404 in OpenAI shape', async () => {
    const response = await fetch(`${baseURL}/nothing-here`, {
      headers: { authorization: 'Bearer sk-test-key' },
    })

    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({
      error: { message: 'Invalid URL (GET /v1/nothing-here)' },
    })
  })
})

describe('FakeOpenAiServer models', () => {
  it('lists the configured models', async () => {
    const ids: string[] = []
    for await (const model of client().models.list()) ids.push(model.id)

    expect(ids).toEqual(['gpt-4o-mini', 'gpt-4o'])
  })

  it('retrieves a known model and 404s an unknown one', async () => {
    const model = await client().models.retrieve('gpt-4o')
    const error = await failure(client().models.retrieve('gpt-9'))

    expect(model).toMatchObject({ id: 'gpt-4o', object: 'model' })
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
  })
})

describe('FakeOpenAiServer scripting', () => {
  it('takes the model queue first, then the any-model queue, then the responder, then the default', async () => {
    fake.enqueue(ANY_MODEL, reply.text('from any'))
    fake.enqueue('gpt-4o', reply.text('from gpt-4o queue'))
    fake.setResponder((request) =>
      reply.text(`responder saw ${request.messages.length} message(s)`),
    )

    const answers: Array<string | null | undefined> = []
    for (const model of ['gpt-4o', 'gpt-4o', 'gpt-4o']) {
      answers.push((await ask(client(), 'x', model)).choices[0]?.message.content)
    }
    fake.setResponder(undefined)
    answers.push((await ask(client(), 'x', 'gpt-4o')).choices[0]?.message.content)

    expect(answers).toEqual([
      'from gpt-4o queue',
      'from any',
      'responder saw 1 message(s)',
      'Fake reply from gpt-4o: x',
    ])
    expect(fake.pendingReplies('gpt-4o')).toBe(0)
  })

  it('keeps a log that can be filtered by model and path, and cleared by reset()', async () => {
    await ask(client(), 'a', 'gpt-4o')
    await ask(client(), 'b', 'gpt-4o-mini')
    await client().models.list()

    expect(fake.requests.size).toBe(3)
    expect(fake.requests.forModel('gpt-4o').map((entry) => entry.messages?.[0]?.content)).toEqual([
      'a',
    ])
    expect(fake.requests.forPath('/v1/models')).toHaveLength(1)
    expect(fake.requests.all().map((entry) => entry.method)).toEqual(['POST', 'POST', 'GET'])
    fake.reset()
    expect(fake.requests.all()).toEqual([])
    expect(() => fake.requests.last()).toThrow('no request received')
  })

  it('gives the responder the requested format and stream flag', async () => {
    const seen: unknown[] = []
    fake.setResponder((request) => {
      seen.push({
        format: request.format.type,
        stream: request.stream,
        maxTokens: request.maxTokens,
      })
      return reply.json({ ok: true })
    })

    await client().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'json' }],
      response_format: { type: 'json_object' },
      max_completion_tokens: 50,
    })

    expect(seen).toEqual([{ format: 'json', stream: false, maxTokens: 50 }])
  })
})

describe('FakeOpenAiServer flavors', () => {
  it('serves DeepSeek at the bare base URL with reasoning_content', async () => {
    const deepseek = new FakeOpenAiServer({ apiKey: 'ds-key', flavor: 'deepseek' })
    const { url } = await deepseek.start()
    try {
      deepseek.enqueue(
        'deepseek-reasoner',
        reply.text('9.8 is greater.', { reasoning: '9.80 > 9.11' }),
      )
      const openai = new OpenAI({ apiKey: 'ds-key', baseURL: url, maxRetries: 0, timeout: 5_000 })

      const completion = await ask(openai, 'which is bigger?', 'deepseek-reasoner')

      const message = completion.choices[0]?.message as {
        content: string
        reasoning_content?: string
      }
      expect(message).toMatchObject({
        content: '9.8 is greater.',
        reasoning_content: '9.80 > 9.11',
      })
      expect(deepseek.requests.last().path).toBe('/chat/completions')
    } finally {
      await deepseek.stop()
    }
  })

  it('streams DeepSeek reasoning_content before the content', async () => {
    fake.enqueue(
      'deepseek-reasoner',
      reply.text('9.8 wins', { reasoning: 'compare decimals', chunkDelayMs: 1 }),
    )

    const stream = await client().chat.completions.create({
      model: 'deepseek-reasoner',
      messages: [{ role: 'user', content: 'which is bigger?' }],
      stream: true,
    })
    const kinds: string[] = []
    let content = ''
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as
        { content?: string | null; reasoning_content?: string } | undefined
      if (delta?.reasoning_content) kinds.push('reasoning')
      if (delta?.content) {
        kinds.push('content')
        content += delta.content
      }
      expect(chunk).not.toHaveProperty('usage')
    }

    expect(kinds[0]).toBe('reasoning')
    expect(kinds.slice(1).every((kind) => kind === 'content')).toBe(true)
    expect(content).toBe('9.8 wins')
  })

  it('answers a bad xAI key with 400 in xAI shape', async () => {
    const xai = new FakeOpenAiServer({ apiKey: 'xai-key', flavor: 'xai' })
    const { url } = await xai.start()
    try {
      const openai = new OpenAI({
        apiKey: 'xai-wrong',
        baseURL: `${url}/v1`,
        maxRetries: 0,
        timeout: 5_000,
      })

      const error = await failure(ask(openai, 'hi', 'grok-4'))

      expect(error).toBeInstanceOf(OpenAI.BadRequestError)
      expect((error as { error: unknown }).error).toMatch(/^Incorrect API key provided/)
      expect((error as { code: unknown }).code).toBeUndefined()
      expect((error as Error).message).toMatch(/^400 "Incorrect API key provided/)
    } finally {
      await xai.stop()
    }
  })
})

describe('FakeOpenAiServer lifecycle', () => {
  it('ends a hanging exchange on stop(), so the client sees a connection error', async () => {
    const server = new FakeOpenAiServer()
    const { url } = await server.start()
    server.enqueue(ANY_MODEL, reply.hang())
    const openai = new OpenAI({
      apiKey: server.acceptedKey,
      baseURL: `${url}/v1`,
      maxRetries: 0,
      timeout: 60_000,
    })

    const pending = failure(ask(openai))
    while (server.requests.size === 0) await new Promise((resolve) => setImmediate(resolve))
    await server.stop()

    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError)
  })

  it('refuses a second start and has no url before start', async () => {
    const server = new FakeOpenAiServer()

    expect(() => server.url).toThrow('fake server not started')
    await server.start()
    try {
      await expect(server.start()).rejects.toThrow(/already started/)
    } finally {
      await server.stop()
    }
    await server.stop()
  })
})
