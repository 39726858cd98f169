import { z } from 'zod'
import { estimateTokens } from './default-responder'
import type { HttpExchange } from './fake-http-server'
import type { FakeLlmRequest, FakeMessage, RequestedFormat } from './fake-llm-request'
import { FakeLlmServer, describeZodError } from './fake-llm-server'
import type { FakeLlmServerOptions, ParsedBody } from './fake-llm-server'
import { OllamaModelStore, digestOf, normalizeModelName } from './ollama-model-store'
import type { FakeOllamaModel, FakeOllamaModelSeed } from './ollama-model-store'
import type { LoggedRequest } from './request-log'
import type { ScriptedReply } from './scripted-reply'
import { splitForStreaming } from './stream-chunks'

/** How fast a pull progresses: `progressSteps` progress lines, `intervalMs` apart. */
export interface PullPace {
  readonly progressSteps: number
  readonly intervalMs: number
  /** The size reported for the pulled layer and stored for the model. */
  readonly layerBytes: number
}

/** What became of one pull. */
export type PullOutcome = 'running' | 'completed' | 'cancelled' | 'failed'

/** One `POST /api/pull` as the fake saw it. */
export interface PullRecord {
  readonly model: string
  outcome: PullOutcome
  /** NDJSON lines written (or, without streaming, steps taken) before the pull ended. */
  linesSent: number
}

/** Options of {@link FakeOllamaServer}. */
export interface FakeOllamaServerOptions extends FakeLlmServerOptions {
  /** The models present at start; defaults to `llama3.2:latest` and `qwen2.5:7b`. */
  readonly models?: readonly FakeOllamaModelSeed[]
  /** Models loaded in memory at start (they must be among `models`). */
  readonly running?: readonly string[]
  /**
   * The models a pull can find. Undefined lets any name be pulled; a name outside the list
   * fails the pull with Ollama's `pull model manifest: file does not exist`.
   */
  readonly registry?: readonly FakeOllamaModelSeed[]
  readonly pullPace?: Partial<PullPace>
}

type TextReply = Extract<ScriptedReply, { kind: 'text' }>

const DEFAULT_MODELS: readonly FakeOllamaModelSeed[] = [
  { name: 'llama3.2:latest', family: 'llama', parameterSize: '3.2B', sizeBytes: 2_019_393_189 },
  { name: 'qwen2.5:7b', family: 'qwen2', parameterSize: '7.6B', sizeBytes: 4_683_087_332 },
]

const DEFAULT_PACE: PullPace = { progressSteps: 4, intervalMs: 5, layerBytes: 2_019_393_189 }

const formatSchema = z.union([z.literal(''), z.literal('json'), z.record(z.string(), z.unknown())])

const chatBodySchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['system', 'user', 'assistant', 'tool']),
        content: z.string().optional(),
        images: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  format: formatSchema.optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  stream: z.boolean().optional(),
  keep_alive: z.union([z.string(), z.number()]).optional(),
  think: z.union([z.boolean(), z.enum(['low', 'medium', 'high'])]).optional(),
})

const generateBodySchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  prompt: z.string().optional(),
  system: z.string().optional(),
  format: formatSchema.optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  stream: z.boolean().optional(),
  keep_alive: z.union([z.string(), z.number()]).optional(),
  think: z.union([z.boolean(), z.enum(['low', 'medium', 'high'])]).optional(),
})

/** Pull, show and delete name the model as `model` or, from ollama-js, as `name`. */
const modelRefSchema = z.looseObject({
  model: z.string().optional(),
  name: z.string().optional(),
  stream: z.boolean().optional(),
  insecure: z.boolean().optional(),
})

const defaultErrorMessage = (status: number, model: string): string => {
  switch (status) {
    case 400:
      return 'invalid request'
    case 404:
      return `model '${model}' not found`
    case 429:
      return 'too many requests'
    case 503:
      return 'server busy, please try again.  maximum pending requests exceeded'
    default:
      return status >= 500 ? 'internal server error' : `request failed with status ${status}`
  }
}

const formatOf = (format: z.infer<typeof formatSchema> | undefined): RequestedFormat => {
  if (format === 'json') return { type: 'json' }
  if (typeof format === 'object') return { type: 'json_schema', schema: format }
  return { type: 'text' }
}

/**
 * A local stand-in for the Ollama REST API that the real `ollama` client talks to unmodified:
 * chat and generate (JSON or NDJSON streaming), tags, ps, show, pull (NDJSON progress at a
 * configurable pace, stopped by a client disconnect), delete and version, over an in-memory
 * model store.
 */
export class FakeOllamaServer extends FakeLlmServer {
  /** The local models; tests may add or inspect them directly. */
  readonly store: OllamaModelStore
  private readonly registry: ReadonlyMap<string, FakeOllamaModelSeed> | undefined
  private pace: PullPace
  private readonly pullRecords: PullRecord[] = []
  private readonly pullsInFlight = new Set<Promise<void>>()

  constructor(private readonly options: FakeOllamaServerOptions = {}) {
    super('ollama', options, normalizeModelName)
    this.store = new OllamaModelStore(this.now, [])
    this.registry =
      options.registry === undefined
        ? undefined
        : new Map(options.registry.map((seed) => [normalizeModelName(seed.name), seed]))
    this.pace = DEFAULT_PACE
    this.restoreInitialState()
  }

  /** Also restores the initial models, running models and pull pace, and forgets past pulls. */
  override reset(): void {
    super.reset()
    this.restoreInitialState()
  }

  private restoreInitialState(): void {
    this.store.reset(this.options.models ?? DEFAULT_MODELS)
    for (const name of this.options.running ?? []) this.store.load(name)
    this.pace = { ...DEFAULT_PACE, ...this.options.pullPace }
    this.pullRecords.length = 0
  }

  /** Changes how fast later pulls progress. */
  setPullPace(pace: Partial<PullPace>): void {
    this.pace = { ...this.pace, ...pace }
  }

  /** Returns every pull received, oldest first. */
  pulls(): readonly PullRecord[] {
    return [...this.pullRecords]
  }

  /** Resolves once no pull is running any more (completed, failed or cancelled). */
  async whenPullsSettled(): Promise<readonly PullRecord[]> {
    while (this.pullsInFlight.size > 0) await Promise.all([...this.pullsInFlight])
    return this.pulls()
  }

  protected override async handle(
    exchange: HttpExchange,
    entry: LoggedRequest,
    body: ParsedBody,
  ): Promise<void> {
    const route = `${exchange.method} ${exchange.path}`
    switch (route) {
      case 'GET /':
      case 'HEAD /':
        return exchange.sendText(200, 'Ollama is running', 'text/plain; charset=utf-8')
      case 'GET /api/version':
        return exchange.sendJson(200, { version: '0.12.3' })
      case 'GET /api/tags':
        return exchange.sendJson(200, {
          models: this.store.list().map((model) => this.describe(model)),
        })
      case 'GET /api/ps':
        return exchange.sendJson(200, {
          models: this.store.running().map(({ model, expiresAt }) => ({
            ...this.describe(model),
            expires_at: new Date(expiresAt).toISOString(),
            size_vram: model.size,
            context_length: model.contextLength,
          })),
        })
      case 'POST /api/chat':
      case 'POST /api/generate':
      case 'POST /api/show':
      case 'POST /api/pull':
      case 'DELETE /api/delete':
        return this.handleWithBody(route, exchange, entry, body)
      default:
        // Go's default mux answer.
        return exchange.sendText(404, '404 page not found', 'text/plain; charset=utf-8')
    }
  }

  private async handleWithBody(
    route: string,
    exchange: HttpExchange,
    entry: LoggedRequest,
    body: ParsedBody,
  ): Promise<void> {
    if (!body.ok) return this.sendError(exchange, 400, body.reason)
    if (body.value === undefined) return this.sendError(exchange, 400, 'missing request body')
    switch (route) {
      case 'POST /api/chat':
        return this.chat(exchange, entry, body.value)
      case 'POST /api/generate':
        return this.generate(exchange, entry, body.value)
      case 'POST /api/pull':
        return this.trackPull(exchange, entry, body.value)
      default:
        return this.showOrDelete(route, exchange, entry, body.value)
    }
  }

  private describe(model: FakeOllamaModel): Record<string, unknown> {
    return {
      name: model.name,
      model: model.name,
      modified_at: model.modifiedAt,
      size: model.size,
      digest: model.digest,
      details: model.details,
    }
  }

  private sendError(exchange: HttpExchange, status: number, message: string, headers = {}): void {
    exchange.sendJson(status, { error: message }, headers)
  }

  private invalid(exchange: HttpExchange, error: z.ZodError): void {
    const { path, message } = describeZodError(error)
    if (path === 'model') return this.sendError(exchange, 400, 'model is required')
    this.sendError(exchange, 400, `invalid request: ${path}: ${message}`)
  }

  private async chat(exchange: HttpExchange, entry: LoggedRequest, value: unknown): Promise<void> {
    const parsed = chatBodySchema.safeParse(value)
    if (!parsed.success) return this.invalid(exchange, parsed.error)
    const request = parsed.data
    const messages: FakeMessage[] = (request.messages ?? []).map((message) => ({
      role: message.role,
      content: message.content ?? '',
    }))
    entry.model = request.model
    entry.messages = messages
    await this.answer(exchange, {
      endpoint: 'chat',
      request: {
        provider: 'ollama',
        model: request.model,
        messages,
        format: formatOf(request.format),
        stream: request.stream ?? true,
        maxTokens:
          typeof request.options?.num_predict === 'number'
            ? request.options.num_predict
            : undefined,
        body: value,
        headers: entry.headers,
      },
    })
  }

  private async generate(
    exchange: HttpExchange,
    entry: LoggedRequest,
    value: unknown,
  ): Promise<void> {
    const parsed = generateBodySchema.safeParse(value)
    if (!parsed.success) return this.invalid(exchange, parsed.error)
    const request = parsed.data
    const messages: FakeMessage[] = [
      ...(request.system ? [{ role: 'system', content: request.system }] : []),
      ...(request.prompt ? [{ role: 'user', content: request.prompt }] : []),
    ]
    entry.model = request.model
    entry.messages = messages
    await this.answer(exchange, {
      endpoint: 'generate',
      request: {
        provider: 'ollama',
        model: request.model,
        messages,
        format: formatOf(request.format),
        stream: request.stream ?? true,
        maxTokens:
          typeof request.options?.num_predict === 'number'
            ? request.options.num_predict
            : undefined,
        body: value,
        headers: entry.headers,
      },
    })
  }

  /** Answers chat or generate: 404 for a model not pulled, a bare load for an empty request. */
  private async answer(
    exchange: HttpExchange,
    call: { endpoint: 'chat' | 'generate'; request: FakeLlmRequest },
  ): Promise<void> {
    const { endpoint, request } = call
    const model = this.store.get(request.model)
    if (!model) return this.sendError(exchange, 404, `model '${request.model}' not found`)
    this.store.load(model.name)
    if (!request.messages.some((message) => message.role !== 'system')) {
      // An empty request only loads the model.
      return exchange.sendJson(200, {
        model: request.model,
        created_at: new Date(this.now()).toISOString(),
        ...(endpoint === 'chat'
          ? { message: { role: 'assistant', content: '' } }
          : { response: '' }),
        done: true,
        done_reason: 'load',
      })
    }
    const decided = await this.decide(exchange, request)
    if (!decided) return
    if (decided.kind === 'raw') return this.sendRaw(exchange, decided)
    if (decided.kind === 'error') {
      return this.sendError(
        exchange,
        decided.status,
        decided.message ?? defaultErrorMessage(decided.status, request.model),
        decided.headers,
      )
    }
    if (!request.stream) {
      const piece = this.piece(endpoint, decided.text, decided.reasoning)
      return exchange.sendJson(200, {
        ...this.chunk(request, piece, false),
        ...this.finalFields(endpoint, request, decided),
      })
    }
    await this.streamAnswer(exchange, endpoint, request, decided)
  }

  private async streamAnswer(
    exchange: HttpExchange,
    endpoint: 'chat' | 'generate',
    request: FakeLlmRequest,
    text: TextReply,
  ): Promise<void> {
    exchange.startStream(200, 'application/x-ndjson')
    const line = (value: unknown): boolean => exchange.write(`${JSON.stringify(value)}\n`)
    if (
      text.reasoning !== undefined &&
      !line(this.chunk(request, this.piece(endpoint, '', text.reasoning), false))
    ) {
      return
    }
    for (const piece of splitForStreaming(text.text)) {
      if (!(await exchange.sleep(text.chunkDelayMs ?? 0))) return
      if (!line(this.chunk(request, this.piece(endpoint, piece), false))) return
    }
    line({
      ...this.chunk(request, this.piece(endpoint, ''), true),
      ...this.finalFields(endpoint, request, text),
    })
    exchange.end()
  }

  private piece(
    endpoint: 'chat' | 'generate',
    text: string,
    reasoning?: string,
  ): Record<string, unknown> {
    if (endpoint === 'chat') {
      return {
        message: {
          role: 'assistant',
          content: text,
          ...(reasoning === undefined ? {} : { thinking: reasoning }),
        },
      }
    }
    return { response: text, ...(reasoning === undefined ? {} : { thinking: reasoning }) }
  }

  private chunk(
    request: FakeLlmRequest,
    piece: Record<string, unknown>,
    done: boolean,
  ): Record<string, unknown> {
    return { model: request.model, created_at: new Date(this.now()).toISOString(), ...piece, done }
  }

  /** The fields of the last (or only) object: done, the reason and the metrics in nanoseconds. */
  private finalFields(
    endpoint: 'chat' | 'generate',
    request: FakeLlmRequest,
    text: TextReply,
  ): Record<string, unknown> {
    const promptEvalCount =
      text.usage?.inputTokens ?? estimateTokens(request.messages.map((m) => m.content).join('\n'))
    const evalCount = text.usage?.outputTokens ?? estimateTokens(text.text)
    const promptEvalDuration = promptEvalCount * 1_000_000
    const evalDuration = evalCount * 10_000_000
    const loadDuration = 1_000_000
    return {
      done: true,
      done_reason: text.finishReason === 'length' ? 'length' : 'stop',
      ...(endpoint === 'generate' ? { context: [1, 2, 3] } : {}),
      total_duration: loadDuration + promptEvalDuration + evalDuration,
      load_duration: loadDuration,
      prompt_eval_count: promptEvalCount,
      prompt_eval_duration: promptEvalDuration,
      eval_count: evalCount,
      eval_duration: evalDuration,
    }
  }

  private showOrDelete(
    route: string,
    exchange: HttpExchange,
    entry: LoggedRequest,
    value: unknown,
  ): void {
    const parsed = modelRefSchema.safeParse(value)
    const name = parsed.success ? (parsed.data.model ?? parsed.data.name) : undefined
    if (!name) return this.sendError(exchange, 400, 'model is required')
    entry.model = name
    if (route === 'DELETE /api/delete') {
      if (!this.store.remove(name))
        return this.sendError(exchange, 404, `model '${name}' not found`)
      return exchange.sendText(200, '', 'text/plain; charset=utf-8')
    }
    const model = this.store.get(name)
    if (!model) return this.sendError(exchange, 404, `model '${name}' not found`)
    const family = model.details.family
    exchange.sendJson(200, {
      modelfile: `# Modelfile generated by "ollama show"\nFROM ${model.name}\n`,
      parameters: `num_ctx ${model.contextLength}`,
      template: '{{ .Prompt }}',
      details: model.details,
      model_info: {
        'general.architecture': family,
        'general.parameter_count': Math.round(
          Number.parseFloat(model.details.parameter_size) * 1e9,
        ),
        [`${family}.context_length`]: model.contextLength,
      },
      capabilities: ['completion'],
      modified_at: model.modifiedAt,
    })
  }

  private async trackPull(
    exchange: HttpExchange,
    entry: LoggedRequest,
    value: unknown,
  ): Promise<void> {
    const parsed = modelRefSchema.safeParse(value)
    const name = parsed.success ? (parsed.data.model ?? parsed.data.name) : undefined
    if (!parsed.success || !name) return this.sendError(exchange, 400, 'model is required')
    entry.model = name
    const record: PullRecord = { model: normalizeModelName(name), outcome: 'running', linesSent: 0 }
    this.pullRecords.push(record)
    const running = this.pull(exchange, record, parsed.data.stream ?? true)
    this.pullsInFlight.add(running)
    try {
      await running
    } finally {
      this.pullsInFlight.delete(running)
    }
  }

  /**
   * Walks the pull through Ollama's progress lines. The model is stored only after the last
   * pause, so a client that disconnects midway leaves it absent.
   */
  private async pull(exchange: HttpExchange, record: PullRecord, stream: boolean): Promise<void> {
    const pace = this.pace
    const emit = (line: Record<string, unknown>): boolean => {
      const delivered = stream
        ? exchange.write(`${JSON.stringify(line)}\n`)
        : !exchange.isClientGone()
      if (delivered) record.linesSent += 1
      return delivered
    }
    const step = async (line: Record<string, unknown>): Promise<boolean> =>
      (await exchange.sleep(pace.intervalMs)) && emit(line)

    if (stream) exchange.startStream(200, 'application/x-ndjson')
    if (!emit({ status: 'pulling manifest' })) return this.cancel(record)
    const seed =
      this.registry === undefined ? { name: record.model } : this.registry.get(record.model)
    if (!seed) {
      record.outcome = 'failed'
      const message = 'pull model manifest: file does not exist'
      if (stream) {
        emit({ error: message })
        return exchange.end()
      }
      return this.sendError(exchange, 500, message)
    }
    const digest = digestOf(record.model)
    const layer = {
      status: `pulling ${digest.slice(0, 12)}`,
      digest: `sha256:${digest}`,
      total: pace.layerBytes,
    }
    if (!(await step(layer))) return this.cancel(record)
    for (let index = 1; index <= pace.progressSteps; index += 1) {
      const completed = Math.round((pace.layerBytes * index) / pace.progressSteps)
      if (!(await step({ ...layer, completed }))) return this.cancel(record)
    }
    for (const status of [
      'verifying sha256 digest',
      'writing manifest',
      'removing any unused layers',
    ]) {
      if (!(await step({ status }))) return this.cancel(record)
    }
    this.store.add({ ...seed, sizeBytes: seed.sizeBytes ?? pace.layerBytes })
    record.outcome = 'completed'
    if (stream) {
      emit({ status: 'success' })
      return exchange.end()
    }
    exchange.sendJson(200, { status: 'success' })
  }

  private cancel(record: PullRecord): void {
    record.outcome = 'cancelled'
  }
}
