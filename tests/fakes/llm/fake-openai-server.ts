import { z } from 'zod'
import { estimateTokens } from './default-responder'
import type { HttpExchange } from './fake-http-server'
import type { FakeLlmRequest, RequestedFormat } from './fake-llm-request'
import { textOfContent } from './fake-llm-request'
import { FakeLlmServer, describeZodError } from './fake-llm-server'
import type { FakeLlmServerOptions, ParsedBody } from './fake-llm-server'
import type { LoggedRequest } from './request-log'
import type { FakeHeaders, ScriptedReply } from './scripted-reply'
import { splitForStreaming } from './stream-chunks'

/**
 * Which OpenAI-compatible service the fake imitates. `xai` answers errors in xAI's own shape
 * (`{"code": <status text>, "error": <message>}`, a bad key is 400); the others in OpenAI's.
 */
export type OpenAiFlavor = 'openai' | 'deepseek' | 'xai'

/** Options of {@link FakeOpenAiServer}. */
export interface FakeOpenAiServerOptions extends FakeLlmServerOptions {
  /** The only key accepted as `Authorization: Bearer <key>`; defaults to `test-openai-key`. */
  readonly apiKey?: string
  /** The model ids `GET /v1/models` lists; any model id is accepted for chat regardless. */
  readonly models?: readonly string[]
  readonly flavor?: OpenAiFlavor
}

/** The fields of an OpenAI error body. */
interface OpenAiError {
  readonly message: string
  readonly type: string
  readonly param: string | null
  readonly code: string | null
}

const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()])

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: contentSchema.optional(),
})

const responseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
      description: z.string().optional(),
    }),
  }),
])

const chatCompletionSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  response_format: responseFormatSchema.optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  n: z.number().int().min(1).max(1).nullable().optional(),
})

type ChatCompletionBody = z.infer<typeof chatCompletionSchema>

/** `messages.0.content` → `messages[0].content`, the way OpenAI names parameters. */
const openAiParam = (path: string): string =>
  path
    .split('.')
    .filter(Boolean)
    .map((segment, index) =>
      /^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('')

const maskKey = (key: string): string =>
  key.length <= 8 ? `${key.slice(0, 2)}***` : `${key.slice(0, 4)}${'*'.repeat(8)}${key.slice(-4)}`

const STATUS_TEXT: Record<number, string> = {
  400: 'Client specified an invalid argument',
  401: 'Unauthenticated',
  403: 'Permission denied',
  404: 'Some requested entity was not found',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
}

/** OpenAI's usual error for a status, before scripted overrides. */
const defaultError = (status: number, model: string | undefined): OpenAiError => {
  const base = { param: null, code: null }
  switch (status) {
    case 400:
      return { ...base, message: 'Invalid request.', type: 'invalid_request_error' }
    case 401:
      return {
        ...base,
        message:
          'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      }
    case 403:
      return {
        ...base,
        message: 'You are not allowed to sample from this model.',
        type: 'invalid_request_error',
      }
    case 404:
      return {
        ...base,
        message: `The model \`${model ?? 'unknown'}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        code: 'model_not_found',
      }
    case 429:
      return {
        ...base,
        message: `Rate limit reached for ${model ?? 'this model'} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
        type: 'requests',
        code: 'rate_limit_exceeded',
      }
    case 503:
      return {
        ...base,
        message: 'The engine is currently overloaded, please try again later.',
        type: 'server_error',
      }
    default:
      return status >= 500
        ? {
            ...base,
            message: 'The server had an error while processing your request. Sorry about that!',
            type: 'server_error',
          }
        : {
            ...base,
            message: `Request failed with status ${status}.`,
            type: 'invalid_request_error',
          }
  }
}

const formatOf = (body: ChatCompletionBody): RequestedFormat => {
  const format = body.response_format
  if (format?.type === 'json_object') return { type: 'json' }
  if (format?.type === 'json_schema') {
    const spec = format.json_schema as { name: string; schema?: unknown }
    return { type: 'json_schema', schema: spec.schema ?? {}, name: spec.name }
  }
  return { type: 'text' }
}

/**
 * A local stand-in for the OpenAI Chat Completions API (and DeepSeek's and xAI's copies of
 * it) that the real `openai` SDK talks to unmodified: `POST /v1/chat/completions` (JSON or
 * SSE streaming), `GET /v1/models`, `GET /v1/models/{id}`; the same routes without `/v1`
 * for DeepSeek's bare base URL. Checks the bearer key and validates bodies with zod.
 */
export class FakeOpenAiServer extends FakeLlmServer {
  private readonly apiKey: string
  private readonly models: readonly string[]
  private readonly flavor: OpenAiFlavor

  constructor(options: FakeOpenAiServerOptions = {}) {
    super('openai', options)
    this.apiKey = options.apiKey ?? 'test-openai-key'
    this.models = options.models ?? ['gpt-4o-mini', 'gpt-4o']
    this.flavor = options.flavor ?? 'openai'
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
    const path = exchange.path.replace(/^\/v1(?=\/)/, '')
    if (!this.isAuthorised(exchange)) return
    if (exchange.method === 'POST' && path === '/chat/completions') {
      return this.chatCompletion(exchange, entry, body)
    }
    if (exchange.method === 'GET' && path === '/models') {
      const created = Math.floor(this.now() / 1000)
      exchange.sendJson(200, {
        object: 'list',
        data: this.models.map((id) => ({ id, object: 'model', created, owned_by: 'system' })),
      })
      return
    }
    const modelMatch = /^\/models\/(.+)$/.exec(path)
    if (exchange.method === 'GET' && modelMatch?.[1]) {
      const id = decodeURIComponent(modelMatch[1])
      if (!this.models.includes(id)) return this.sendError(exchange, 404, {}, id)
      exchange.sendJson(200, {
        id,
        object: 'model',
        created: Math.floor(this.now() / 1000),
        owned_by: 'system',
      })
      return
    }
    this.sendError(exchange, 404, {
      message: `Invalid URL (${exchange.method} ${exchange.path})`,
      code: null,
    })
  }

  private isAuthorised(exchange: HttpExchange): boolean {
    const header = exchange.headers.authorization
    const key = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined
    if (key === this.apiKey) return true
    const message =
      key === undefined || key === ''
        ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        : `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`
    // xAI answers a bad key with 400 rather than 401.
    const status = this.flavor === 'xai' ? 400 : 401
    this.sendError(exchange, status, { message, code: key ? 'invalid_api_key' : null })
    return false
  }

  private async chatCompletion(
    exchange: HttpExchange,
    entry: LoggedRequest,
    body: ParsedBody,
  ): Promise<void> {
    if (!body.ok) {
      return this.sendError(exchange, 400, {
        message:
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      })
    }
    const parsed = chatCompletionSchema.safeParse(body.value ?? {})
    if (!parsed.success) {
      const { path, message } = describeZodError(parsed.error)
      const param = openAiParam(path)
      const isMissing = /received undefined/.test(message)
      return this.sendError(exchange, 400, {
        message: isMissing
          ? `Missing required parameter: '${param}'.`
          : `Invalid value for '${param}': ${message}.`,
        param: param || null,
        code: isMissing ? 'missing_required_parameter' : 'invalid_value',
      })
    }
    const request = parsed.data
    entry.model = request.model
    const messages = request.messages.map((message) => ({
      role: message.role,
      content: textOfContent(message.content),
    }))
    entry.messages = messages
    const refusal = this.refuse(request, messages)
    if (refusal) return this.sendError(exchange, 400, refusal)

    const fakeRequest: FakeLlmRequest = {
      provider: 'openai',
      model: request.model,
      messages,
      format: formatOf(request),
      stream: request.stream === true,
      maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
      body: body.value,
      headers: entry.headers,
    }
    const decided = await this.decide(exchange, fakeRequest)
    if (!decided) return
    if (decided.kind === 'raw') return this.sendRaw(exchange, decided)
    if (decided.kind === 'error') return this.sendScriptedError(exchange, decided, request.model)
    if (fakeRequest.stream)
      return this.streamCompletion(
        exchange,
        fakeRequest,
        decided,
        request.stream_options?.include_usage === true,
      )
    exchange.sendJson(200, this.completion(fakeRequest, decided), this.requestIdHeader())
  }

  /** Applies the checks OpenAI makes beyond the schema; returns the error, if any. */
  private refuse(
    request: ChatCompletionBody,
    messages: readonly { content: string }[],
  ): Partial<OpenAiError> | undefined {
    if (request.stream_options && request.stream !== true) {
      return {
        message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        param: 'stream_options',
        code: 'invalid_value',
      }
    }
    if (
      request.response_format?.type === 'json_object' &&
      !messages.some((message) => /json/i.test(message.content))
    ) {
      return {
        message:
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        param: 'messages',
        code: null,
      }
    }
    return undefined
  }

  private completion(
    request: FakeLlmRequest,
    text: Extract<ScriptedReply, { kind: 'text' }>,
  ): unknown {
    const usage = this.usage(request, text)
    return {
      id: `chatcmpl-fake${this.nextSequence()}`,
      object: 'chat.completion',
      created: Math.floor(this.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: text.text,
            ...(text.reasoning === undefined ? {} : { reasoning_content: text.reasoning }),
            refusal: null,
            annotations: [],
          },
          logprobs: null,
          finish_reason: text.finishReason === 'length' ? 'length' : 'stop',
        },
      ],
      usage,
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    }
  }

  private async streamCompletion(
    exchange: HttpExchange,
    request: FakeLlmRequest,
    text: Extract<ScriptedReply, { kind: 'text' }>,
    includeUsage: boolean,
  ): Promise<void> {
    const id = `chatcmpl-fake${this.nextSequence()}`
    const created = Math.floor(this.now() / 1000)
    const chunk = (choices: unknown[], usage?: unknown): string =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model: request.model,
        system_fingerprint: 'fp_fake',
        choices,
        ...(includeUsage ? { usage: usage ?? null } : {}),
      })}\n\n`
    const delta = (
      content: Record<string, unknown>,
      finishReason: string | null = null,
    ): unknown => ({
      index: 0,
      delta: content,
      logprobs: null,
      finish_reason: finishReason,
    })

    exchange.startStream(200, 'text/event-stream', {
      ...this.requestIdHeader(),
      'cache-control': 'no-cache',
    })
    const pieces = [
      ...(text.reasoning === undefined
        ? []
        : [{ reasoning_content: text.reasoning, content: null }]),
      ...splitForStreaming(text.text).map((piece) => ({ content: piece })),
    ]
    if (!exchange.write(chunk([delta({ role: 'assistant', content: '', refusal: null })]))) return
    for (const piece of pieces) {
      if (!(await exchange.sleep(text.chunkDelayMs ?? 0))) return
      if (!exchange.write(chunk([delta(piece)]))) return
    }
    exchange.write(chunk([delta({}, text.finishReason === 'length' ? 'length' : 'stop')]))
    if (includeUsage) exchange.write(chunk([], this.usage(request, text)))
    exchange.write('data: [DONE]\n\n')
    exchange.end()
  }

  private usage(request: FakeLlmRequest, text: Extract<ScriptedReply, { kind: 'text' }>): unknown {
    const promptTokens =
      text.usage?.inputTokens ?? estimateTokens(request.messages.map((m) => m.content).join('\n'))
    const reasoningTokens = text.reasoning === undefined ? 0 : estimateTokens(text.reasoning)
    const completionTokens = text.usage?.outputTokens ?? estimateTokens(text.text) + reasoningTokens
    return {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: reasoningTokens,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    }
  }

  private requestIdHeader(): FakeHeaders {
    return { 'x-request-id': `req_fake${this.nextSequence()}` }
  }

  private sendScriptedError(
    exchange: HttpExchange,
    scripted: Extract<ScriptedReply, { kind: 'error' }>,
    model: string,
  ): void {
    this.sendError(
      exchange,
      scripted.status,
      {
        ...(scripted.message === undefined ? {} : { message: scripted.message }),
        ...(scripted.errorType === undefined ? {} : { type: scripted.errorType }),
        ...(scripted.code === undefined ? {} : { code: scripted.code }),
      },
      model,
      scripted.headers,
    )
  }

  private sendError(
    exchange: HttpExchange,
    status: number,
    overrides: Partial<OpenAiError>,
    model?: string,
    headers: FakeHeaders = {},
  ): void {
    const error = { ...defaultError(status, model), ...overrides }
    const allHeaders = { ...this.requestIdHeader(), ...headers }
    if (this.flavor === 'xai') {
      exchange.sendJson(
        status,
        { code: STATUS_TEXT[status] ?? 'Unknown', error: error.message },
        allHeaders,
      )
      return
    }
    exchange.sendJson(status, { error }, allHeaders)
  }
}
