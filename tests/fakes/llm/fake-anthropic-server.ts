import { z } from 'zod'
import { estimateTokens } from './default-responder'
import type { HttpExchange } from './fake-http-server'
import type { FakeLlmRequest, FakeMessage, RequestedFormat } from './fake-llm-request'
import { textOfContent } from './fake-llm-request'
import { FakeLlmServer, describeZodError } from './fake-llm-server'
import type { FakeLlmServerOptions, ParsedBody } from './fake-llm-server'
import type { LoggedRequest } from './request-log'
import type { FakeHeaders, ScriptedReply } from './scripted-reply'
import { splitForStreaming } from './stream-chunks'

/** Options of {@link FakeAnthropicServer}. */
export interface FakeAnthropicServerOptions extends FakeLlmServerOptions {
  /** The only key accepted in `x-api-key`; defaults to `test-anthropic-key`. */
  readonly apiKey?: string
  /** The model ids `GET /v1/models` lists; any model id is accepted for messages regardless. */
  readonly models?: readonly string[]
}

type TextReply = Extract<ScriptedReply, { kind: 'text' }>

const blockSchema = z.looseObject({ type: z.string() })

const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(blockSchema).min(1)]),
})

const messagesBodySchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(messageSchema).min(1),
  system: z
    .union([z.string(), z.array(z.looseObject({ type: z.literal('text'), text: z.string() }))])
    .optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  output_config: z
    .looseObject({
      format: z
        .looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) })
        .nullable()
        .optional(),
    })
    .optional(),
})

/** Anthropic's usual error type and message for a status, before scripted overrides. */
const defaultError = (
  status: number,
  model: string | undefined,
): { type: string; message: string } => {
  switch (status) {
    case 400:
      return { type: 'invalid_request_error', message: 'Invalid request.' }
    case 401:
      return { type: 'authentication_error', message: 'invalid x-api-key' }
    case 402:
      return {
        type: 'billing_error',
        message: 'Your credit balance is too low to access the Anthropic API.',
      }
    case 403:
      return {
        type: 'permission_error',
        message: 'Your API key does not have permission to use the specified resource.',
      }
    case 404:
      return {
        type: 'not_found_error',
        message: model === undefined ? 'Not found' : `model: ${model}`,
      }
    case 413:
      return {
        type: 'request_too_large',
        message: 'Request exceeds the maximum allowed number of bytes.',
      }
    case 429:
      return {
        type: 'rate_limit_error',
        message: 'Number of request tokens has exceeded your per-minute rate limit.',
      }
    case 504:
      return { type: 'timeout_error', message: 'Request timed out.' }
    case 529:
      return { type: 'overloaded_error', message: 'Overloaded' }
    default:
      return status >= 500
        ? { type: 'api_error', message: 'Internal server error' }
        : { type: 'invalid_request_error', message: `Request failed with status ${status}.` }
  }
}

/**
 * A local stand-in for the Anthropic Messages API that the real `@anthropic-ai/sdk` talks to
 * unmodified: `POST /v1/messages` (JSON or SSE streaming) and `GET /v1/models`. Requires the
 * `x-api-key` (or bearer) key and an `anthropic-version` header; validates bodies with zod.
 */
export class FakeAnthropicServer extends FakeLlmServer {
  private readonly apiKey: string
  private readonly models: readonly string[]

  constructor(options: FakeAnthropicServerOptions = {}) {
    super('anthropic', options)
    this.apiKey = options.apiKey ?? 'test-anthropic-key'
    this.models = options.models ?? ['claude-sonnet-4-6', 'claude-haiku-4-5']
  }

  /** Returns the key the fake accepts. */
  get acceptedKey(): string {
    return this.apiKey
  }

  protected override async handle(
    exchange: HttpExchange,
    entry: LoggedRequest,
    body: ParsedBody,
  ): Promise<void> {
    if (!this.isAuthorised(exchange)) return
    if (exchange.method === 'POST' && exchange.path === '/v1/messages') {
      return this.messages(exchange, entry, body)
    }
    if (exchange.method === 'GET' && exchange.path === '/v1/models') {
      const createdAt = new Date(this.now()).toISOString()
      exchange.sendJson(200, {
        data: this.models.map((id) => ({
          type: 'model',
          id,
          display_name: id,
          created_at: createdAt,
        })),
        has_more: false,
        first_id: this.models[0] ?? null,
        last_id: this.models.at(-1) ?? null,
      })
      return
    }
    this.sendError(exchange, 404, { type: 'not_found_error', message: 'Not Found' })
  }

  private isAuthorised(exchange: HttpExchange): boolean {
    const bearer = exchange.headers.authorization
    const key =
      exchange.headers['x-api-key'] ??
      (bearer?.startsWith('Bearer ') ? bearer.slice('Bearer '.length).trim() : undefined)
    if (key !== this.apiKey) {
      this.sendError(exchange, 401, {
        message: key === undefined ? 'x-api-key header is required' : 'invalid x-api-key',
      })
      return false
    }
    if (!exchange.headers['anthropic-version']) {
      this.sendError(exchange, 400, { message: 'anthropic-version: header is required' })
      return false
    }
    return true
  }

  private async messages(
    exchange: HttpExchange,
    entry: LoggedRequest,
    body: ParsedBody,
  ): Promise<void> {
    if (!body.ok)
      return this.sendError(exchange, 400, { message: 'There was an error parsing the body.' })
    const parsed = messagesBodySchema.safeParse(body.value ?? {})
    if (!parsed.success) {
      const { path, message } = describeZodError(parsed.error)
      const reason = /received undefined/.test(message) ? 'Field required' : message
      return this.sendError(exchange, 400, { message: path ? `${path}: ${reason}` : reason })
    }
    const request = parsed.data
    entry.model = request.model
    const system = request.system === undefined ? '' : textOfContent(request.system)
    const messages: FakeMessage[] = [
      ...(system === '' ? [] : [{ role: 'system', content: system }]),
      ...request.messages.map((message) => ({
        role: message.role,
        content: textOfContent(message.content),
      })),
    ]
    entry.messages = messages
    const schema = request.output_config?.format?.schema
    const format: RequestedFormat =
      schema === undefined ? { type: 'text' } : { type: 'json_schema', schema }
    const fakeRequest: FakeLlmRequest = {
      provider: 'anthropic',
      model: request.model,
      messages,
      format,
      stream: request.stream === true,
      maxTokens: request.max_tokens,
      body: body.value,
      headers: entry.headers,
    }
    const decided = await this.decide(exchange, fakeRequest)
    if (!decided) return
    if (decided.kind === 'raw') return this.sendRaw(exchange, decided)
    if (decided.kind === 'error') {
      return this.sendError(
        exchange,
        decided.status,
        {
          ...(decided.message === undefined ? {} : { message: decided.message }),
          ...(decided.errorType === undefined ? {} : { type: decided.errorType }),
        },
        request.model,
        decided.headers,
      )
    }
    if (fakeRequest.stream) return this.streamMessage(exchange, fakeRequest, decided)
    exchange.sendJson(200, this.message(fakeRequest, decided), this.requestIdHeader())
  }

  private contentBlocks(text: TextReply): unknown[] {
    return [
      ...(text.reasoning === undefined
        ? []
        : [{ type: 'thinking', thinking: text.reasoning, signature: 'fake-signature' }]),
      { type: 'text', text: text.text, citations: null },
    ]
  }

  private usage(
    request: FakeLlmRequest,
    text: TextReply,
  ): { input_tokens: number; output_tokens: number } {
    const reasoningTokens = text.reasoning === undefined ? 0 : estimateTokens(text.reasoning)
    return {
      input_tokens:
        text.usage?.inputTokens ??
        estimateTokens(request.messages.map((m) => m.content).join('\n')),
      output_tokens: text.usage?.outputTokens ?? estimateTokens(text.text) + reasoningTokens,
    }
  }

  private message(request: FakeLlmRequest, text: TextReply): unknown {
    return {
      id: `msg_fake${this.nextSequence()}`,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: this.contentBlocks(text),
      stop_reason: text.finishReason === 'length' ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      stop_details: null,
      container: null,
      usage: {
        ...this.usage(request, text),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        server_tool_use: null,
        service_tier: 'standard',
      },
    }
  }

  private async streamMessage(
    exchange: HttpExchange,
    request: FakeLlmRequest,
    text: TextReply,
  ): Promise<void> {
    const event = (name: string, data: Record<string, unknown>): string =>
      `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`
    const usage = this.usage(request, text)
    exchange.startStream(200, 'text/event-stream', {
      ...this.requestIdHeader(),
      'cache-control': 'no-cache',
    })
    const start = {
      id: `msg_fake${this.nextSequence()}`,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
    }
    if (!exchange.write(event('message_start', { message: start }))) return
    let index = 0
    if (text.reasoning !== undefined) {
      exchange.write(
        event('content_block_start', { index, content_block: { type: 'thinking', thinking: '' } }),
      )
      exchange.write(
        event('content_block_delta', {
          index,
          delta: { type: 'thinking_delta', thinking: text.reasoning },
        }),
      )
      exchange.write(event('content_block_stop', { index }))
      index += 1
    }
    exchange.write(
      event('content_block_start', { index, content_block: { type: 'text', text: '' } }),
    )
    exchange.write(event('ping', {}))
    for (const piece of splitForStreaming(text.text)) {
      if (!(await exchange.sleep(text.chunkDelayMs ?? 0))) return
      if (
        !exchange.write(
          event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }),
        )
      )
        return
    }
    exchange.write(event('content_block_stop', { index }))
    exchange.write(
      event('message_delta', {
        delta: {
          stop_reason: text.finishReason === 'length' ? 'max_tokens' : 'end_turn',
          stop_sequence: null,
        },
        usage: { output_tokens: usage.output_tokens },
      }),
    )
    exchange.write(event('message_stop', {}))
    exchange.end()
  }

  private requestIdHeader(): FakeHeaders {
    return { 'request-id': `req_fake${this.nextSequence()}` }
  }

  private sendError(
    exchange: HttpExchange,
    status: number,
    overrides: { type?: string; message?: string },
    model?: string,
    headers: FakeHeaders = {},
  ): void {
    const requestId = this.requestIdHeader()
    exchange.sendJson(
      status,
      {
        type: 'error',
        error: { ...defaultError(status, model), ...overrides },
        request_id: requestId['request-id'],
      },
      { ...requestId, ...headers },
    )
  }
}
