import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FakeAnthropicServer, REDACTED, reply } from '../../fakes/llm'

const fake = new FakeAnthropicServer({
  apiKey: 'sk-ant-test',
  models: ['claude-sonnet-4-6', 'claude-haiku-4-5'],
})
let baseURL = ''

/** The construction the LLM layer uses: key, base URL without `/v1`, no retries, a short timeout. */
const client = (
  options: Partial<NonNullable<ConstructorParameters<typeof Anthropic>[0]>> = {},
): Anthropic =>
  new Anthropic({ apiKey: 'sk-ant-test', baseURL, maxRetries: 0, timeout: 5_000, ...options })

const ask = (anthropic: Anthropic, content = 'Say hi', model = 'claude-sonnet-4-6') =>
  anthropic.messages.create({ model, max_tokens: 256, messages: [{ role: 'user', content }] })

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (error: unknown) => error,
  )

beforeAll(async () => {
  baseURL = (await fake.start()).url
})

afterAll(() => fake.stop())

beforeEach(() => fake.reset())

describe('FakeAnthropicServer messages', () => {
  it('answers a message with Anthropic fields and a deterministic default text', async () => {
    const message = await client().messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Say hi' }],
      stop_sequences: ['###'],
    })

    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [{ type: 'text', text: 'Fake reply from claude-sonnet-4-6: Say hi' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
    })
    expect(message.id).toMatch(/^msg_/)
    expect(message._request_id).toMatch(/^req_/)
    expect(message.usage.input_tokens).toBeGreaterThan(0)
    expect(message.usage.output_tokens).toBeGreaterThan(0)
  })

  it('logs the system prompt first, and the headers with the key redacted', async () => {
    await client().messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Rules.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Question?' }] },
        { role: 'assistant', content: 'Answer.' },
        { role: 'user', content: 'More.' },
      ],
    })

    const logged = fake.requests.last()
    expect(logged).toMatchObject({
      provider: 'anthropic',
      path: '/v1/messages',
      model: 'claude-haiku-4-5',
      status: 200,
      messages: [
        { role: 'system', content: 'Rules.' },
        { role: 'user', content: 'Question?' },
        { role: 'assistant', content: 'Answer.' },
        { role: 'user', content: 'More.' },
      ],
    })
    // SDK 1.12 sends the API key as a bearer token, not in x-api-key.
    expect(logged.headers.authorization).toBe(REDACTED)
    expect(logged.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(JSON.stringify(logged)).not.toContain('sk-ant-test')
  })

  it('serves scripted text with usage, a max_tokens stop and a thinking block', async () => {
    fake.enqueue(
      'claude-sonnet-4-6',
      reply.text('{"a":', {
        finishReason: 'length',
        reasoning: 'hmm',
        usage: { inputTokens: 11, outputTokens: 5 },
      }),
    )

    const message = await ask(client())

    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: 'fake-signature' },
      { type: 'text', text: '{"a":', citations: null },
    ])
    expect(message.stop_reason).toBe('max_tokens')
    expect(message.usage).toMatchObject({ input_tokens: 11, output_tokens: 5 })
  })

  it('answers a structured-output request with a value that satisfies the schema', async () => {
    const message = await client().messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Which regime?' }],
      output_config: {
        format: {
          type: 'json_schema',
          schema: {
            type: 'object',
            properties: {
              regime: { type: 'string', enum: ['ranging', 'choppy'] },
              confidence: { type: 'number' },
            },
            required: ['regime', 'confidence'],
            additionalProperties: false,
          },
        },
      },
    })

    const block = message.content[0]
    expect(block?.type === 'text' ? JSON.parse(block.text) : undefined).toEqual({
      regime: 'ranging',
      confidence: 0,
    })
  })

  it('streams named SSE events that the SDK assembles into the final message', async () => {
    fake.enqueue('claude-sonnet-4-6', reply.text('streamed words here'))

    const stream = client().messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'stream' }],
    })
    const deltas: string[] = []
    stream.on('text', (text) => deltas.push(text))
    const final = await stream.finalMessage()

    expect(deltas.join('')).toBe('streamed words here')
    expect(deltas.length).toBeGreaterThan(1)
    expect(final.content).toMatchObject([{ type: 'text', text: 'streamed words here' }])
    expect(final.stop_reason).toBe('end_turn')
    expect(final.usage.output_tokens).toBeGreaterThan(0)
  })

  it('streams a thinking block before the text', async () => {
    fake.enqueue(
      'claude-sonnet-4-6',
      reply.text('done', { reasoning: 'step by step', chunkDelayMs: 1 }),
    )

    const final = await client()
      .messages.stream({
        model: 'claude-sonnet-4-6',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'x' }],
      })
      .finalMessage()

    expect(final.content).toMatchObject([
      { type: 'thinking', thinking: 'step by step' },
      { type: 'text', text: 'done' },
    ])
  })

  it('lists the configured models', async () => {
    const ids: string[] = []
    for await (const model of client().models.list()) ids.push(model.id)

    expect(ids).toEqual(['claude-sonnet-4-6', 'claude-haiku-4-5'])
  })
})

describe('FakeAnthropicServer errors', () => {
  it('answers a wrong key with 401 authentication_error, surfacing as AuthenticationError', async () => {
    const error = await failure(ask(client({ apiKey: 'sk-ant-wrong' })))

    expect(error).toBeInstanceOf(Anthropic.AuthenticationError)
    expect(error).toMatchObject({ status: 401, type: 'authentication_error' })
    expect((error as { error: unknown }).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    })
  })

  it.each([
    { status: 400, errorClass: Anthropic.BadRequestError, type: 'invalid_request_error' },
    { status: 404, errorClass: Anthropic.NotFoundError, type: 'not_found_error' },
    { status: 429, errorClass: Anthropic.RateLimitError, type: 'rate_limit_error' },
    { status: 500, errorClass: Anthropic.InternalServerError, type: 'api_error' },
    { status: 529, errorClass: Anthropic.InternalServerError, type: 'overloaded_error' },
  ])('turns a scripted $status into the SDK class for it', async ({ status, errorClass, type }) => {
    fake.enqueue('claude-sonnet-4-6', reply.error(status))

    const error = await failure(ask(client()))

    expect(error).toBeInstanceOf(Anthropic.APIError)
    expect(error).toBeInstanceOf(errorClass)
    expect(error).toMatchObject({ status, type })
    expect((error as { requestID?: string }).requestID).toMatch(/^req_/)
  })

  it('makes 529 an overloaded error with the message Overloaded', async () => {
    fake.enqueue('claude-sonnet-4-6', reply.error(529))

    const error = await failure(ask(client()))

    expect(error).toBeInstanceOf(Anthropic.OverloadedError)
    expect(error).toMatchObject({ status: 529, apiMessage: 'Overloaded' })
  })

  it('is retried by the SDK after a 529 with retry-after-ms', async () => {
    fake.enqueue(
      'claude-sonnet-4-6',
      reply.error(529, { headers: { 'retry-after-ms': '10' } }),
      reply.text('recovered'),
    )

    const message = await ask(client({ maxRetries: 1 }))

    expect(message.content).toMatchObject([{ type: 'text', text: 'recovered' }])
    expect(fake.requests.forPath('/v1/messages').map((attempt) => attempt.status)).toEqual([
      529, 200,
    ])
  })

  it.each([
    { name: 'a delayed reply', scripted: reply.delayed(5_000, reply.text('too late')) },
    { name: 'a reply that never comes', scripted: reply.hang() },
  ])('makes the SDK time out on $name', async ({ scripted }) => {
    fake.enqueue('claude-sonnet-4-6', scripted)

    const error = await failure(ask(client({ timeout: 100 })))

    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError)
  })

  it.each([
    {
      name: 'missing max_tokens',
      body: { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x' }] },
      message: 'max_tokens: Field required',
    },
    {
      name: 'a system role inside messages',
      body: {
        model: 'claude-sonnet-4-6',
        max_tokens: 10,
        messages: [{ role: 'system', content: 'x' }],
      },
      message: /^messages\.0\.role: /,
    },
    {
      name: 'no messages',
      body: { model: 'claude-sonnet-4-6', max_tokens: 10, messages: [] },
      message: /^messages: /,
    },
  ])('answers $name with 400 invalid_request_error', async ({ body, message }) => {
    const error = await failure(
      client().messages.create(body as unknown as Anthropic.MessageCreateParamsNonStreaming),
    )

    expect(error).toBeInstanceOf(Anthropic.BadRequestError)
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' })
    expect((error as { apiMessage: string }).apiMessage).toMatch(message)
  })

  it('accepts the key in x-api-key, as older SDKs and raw HTTP send it', async () => {
    const response = await fetch(`${baseURL}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'sk-ant-test',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
      }),
    })

    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ type: 'message', model: 'claude-haiku-4-5' })
    expect(fake.requests.last().headers['x-api-key']).toBe(REDACTED)
  })

  it('requires the anthropic-version header', async () => {
    const response = await fetch(`${baseURL}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-test', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-sonnet-4-6',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
      }),
    })

    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    })
  })

  it('answers a body that is not JSON with 400, and an unknown route with 404', async () => {
    const headers = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' }
    const badBody = await fetch(`${baseURL}/v1/messages`, { method: 'POST', headers, body: '{' })
    const unknown = await fetch(`${baseURL}/v1/elsewhere`, { headers })

    expect(badBody.status).toBe(400)
    expect(await badBody.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
    })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    })
  })
})
