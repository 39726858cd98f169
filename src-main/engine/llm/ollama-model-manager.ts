import type { Fetch } from 'ollama'
import { z } from 'zod'
import type { Clock } from '../clock'
import type { Logger } from '../logging/logger'
import { callWithDeadline } from './deadline'
import { llmError, type LlmError } from './llm-error'
import { mapOllamaError, ollamaClient } from './providers/ollama-client'

/** A refusal-as-data result of a model management command. */
export type OllamaResult<T> = { ok: true; value: T } | { ok: false; error: LlmError }

/** A model installed locally. */
export interface OllamaModelInfo {
  readonly name: string
  readonly sizeBytes: number
  readonly digest: string
  readonly family: string | null
  readonly parameterSize: string | null
  readonly quantization: string | null
  /** As Ollama reports it (RFC 3339), null when absent. */
  readonly modifiedAt: string | null
}

/** A model loaded in memory. */
export interface OllamaRunningModel extends Omit<OllamaModelInfo, 'modifiedAt'> {
  readonly sizeVramBytes: number | null
  readonly expiresAt: string | null
  readonly contextLength: number | null
}

/** What `show` reveals about a model. */
export interface OllamaModelDetails {
  readonly name: string
  readonly family: string | null
  readonly parameterSize: string | null
  readonly quantization: string | null
  readonly contextLength: number | null
  readonly capabilities: readonly string[]
  readonly parameters: string | null
  readonly license: string | null
}

/** One progress line of a pull. Byte counts are absent on status-only lines. */
export interface PullProgress {
  readonly model: string
  readonly status: string
  readonly digest: string | null
  readonly totalBytes: number | null
  readonly completedBytes: number | null
  /** 0–100 for the layer being downloaded, null on status-only lines. */
  readonly percent: number | null
}

export interface OllamaModelManagerOptions {
  readonly host: string
  readonly clock: Clock
  readonly logger: Logger
  /** Time allowed for list, running, show and delete; pulls have none (they may take hours). */
  readonly timeoutMs?: number
  readonly fetch?: Fetch
}

export interface PullOptions {
  readonly onProgress?: (progress: PullProgress) => void
  /** Aborting cancels the download; the result is then an `aborted` error. */
  readonly signal?: AbortSignal
}

const details = z
  .looseObject({
    family: z.string().nullish(),
    parameter_size: z.string().nullish(),
    quantization_level: z.string().nullish(),
  })
  .nullish()

const listedModel = z.looseObject({
  name: z.string().optional(),
  model: z.string().optional(),
  size: z.number().min(0),
  digest: z.string().default(''),
  modified_at: z.unknown().optional(),
  details,
})

const runningModel = listedModel.extend({
  size_vram: z.number().min(0).nullish(),
  expires_at: z.unknown().optional(),
  context_length: z.number().int().min(0).nullish(),
})

const listSchema = z.object({ models: z.array(listedModel) })
const runningSchema = z.object({ models: z.array(runningModel) })
const showSchema = z.looseObject({
  details,
  parameters: z.string().nullish(),
  license: z.string().nullish(),
  capabilities: z.array(z.string()).nullish(),
  model_info: z.record(z.string(), z.unknown()).nullish(),
})
const progressSchema = z.looseObject({
  status: z.string(),
  digest: z.string().nullish(),
  total: z.number().min(0).nullish(),
  completed: z.number().min(0).nullish(),
})

const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Manages the local Ollama models through the official client: list, running, show,
 * pull with streamed, cancellable progress, and delete. The engine commands call it; every
 * outcome is a result value, and every response is validated.
 */
export class OllamaModelManager {
  private readonly fetch: Fetch
  private readonly timeoutMs: number

  constructor(private readonly options: OllamaModelManagerOptions) {
    this.fetch = options.fetch ?? globalThis.fetch
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  /** Lists the locally installed models. */
  async list(): Promise<OllamaResult<OllamaModelInfo[]>> {
    return this.request(
      'list',
      (client) => client.list(),
      listSchema,
      (data) =>
        data.models.map((model) => ({
          ...modelInfo(model),
          modifiedAt: timeText(model.modified_at),
        })),
    )
  }

  /** Lists the models loaded in memory. */
  async running(): Promise<OllamaResult<OllamaRunningModel[]>> {
    return this.request(
      'ps',
      (client) => client.ps(),
      runningSchema,
      (data) =>
        data.models.map((model) => ({
          ...modelInfo(model),
          sizeVramBytes: model.size_vram ?? null,
          expiresAt: timeText(model.expires_at),
          contextLength: model.context_length ?? null,
        })),
    )
  }

  /** Shows a model's details; an unknown model is a `not_found` error. */
  async show(name: string): Promise<OllamaResult<OllamaModelDetails>> {
    return this.request(
      'show',
      (client) => client.show({ model: name }),
      showSchema,
      (data) => ({
        name,
        family: data.details?.family ?? null,
        parameterSize: data.details?.parameter_size ?? null,
        quantization: data.details?.quantization_level ?? null,
        contextLength: contextLength(data.model_info),
        capabilities: data.capabilities ?? [],
        parameters: data.parameters ?? null,
        license: data.license ?? null,
      }),
    )
  }

  /** Deletes a local model; an unknown model is a `not_found` error. */
  async delete(name: string): Promise<OllamaResult<{ model: string }>> {
    return this.request(
      'delete',
      (client) => client.delete({ model: name }),
      z.unknown(),
      () => ({ model: name }),
    )
  }

  /** Pulls a model, reporting each progress line; abort `signal` to cancel. */
  async pull(name: string, options: PullOptions = {}): Promise<OllamaResult<{ model: string }>> {
    const { signal, onProgress } = options
    if (signal?.aborted) return { ok: false, error: aborted(name) }
    this.options.logger.info({ model: name }, 'pulling Ollama model')
    try {
      // Built inside the try: the client throws on a host that does not parse.
      const client = ollamaClient(this.options.host, this.fetch, signal)
      const stream = await client.pull({ model: name, stream: true })
      const onAbort = () => stream.abort()
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        for await (const line of stream) {
          const parsed = progressSchema.safeParse(line)
          if (!parsed.success) continue
          onProgress?.(progress(name, parsed.data))
        }
      } finally {
        signal?.removeEventListener('abort', onAbort)
      }
    } catch (error) {
      if (signal?.aborted) return { ok: false, error: aborted(name) }
      const mapped = mapOllamaError(error)
      this.options.logger.warn({ model: name, error: mapped }, 'Ollama pull failed')
      return { ok: false, error: mapped }
    }
    if (signal?.aborted) return { ok: false, error: aborted(name) }
    this.options.logger.info({ model: name }, 'Ollama model pulled')
    return { ok: true, value: { model: name } }
  }

  private async request<S extends z.ZodType, T>(
    what: string,
    call: (client: ReturnType<typeof ollamaClient>) => Promise<unknown>,
    schema: S,
    map: (data: z.output<S>) => T,
  ): Promise<OllamaResult<T>> {
    const outcome = await callWithDeadline(
      this.options.clock,
      this.timeoutMs,
      undefined,
      (signal) => call(ollamaClient(this.options.host, this.fetch, signal)),
    )
    switch (outcome.kind) {
      case 'timeout':
        return {
          ok: false,
          error: llmError('timeout', `ollama ${what} timeout_ms=${this.timeoutMs}`),
        }
      case 'aborted':
        return { ok: false, error: llmError('aborted', `ollama ${what} aborted`) }
      case 'error':
        return { ok: false, error: mapOllamaError(outcome.error) }
      case 'value': {
        const parsed = schema.safeParse(outcome.value)
        if (!parsed.success) {
          return {
            ok: false,
            error: llmError(
              'server',
              `ollama ${what} unexpected response: ${parsed.error.message}`,
            ),
          }
        }
        return { ok: true, value: map(parsed.data) }
      }
    }
  }
}

function modelInfo(model: z.output<typeof listedModel>): Omit<OllamaModelInfo, 'modifiedAt'> {
  return {
    name: model.name ?? model.model ?? '',
    sizeBytes: model.size,
    digest: model.digest,
    family: model.details?.family || null,
    parameterSize: model.details?.parameter_size || null,
    quantization: model.details?.quantization_level || null,
  }
}

function progress(model: string, line: z.output<typeof progressSchema>): PullProgress {
  const total = line.total ?? null
  const completed = line.completed ?? null
  return {
    model,
    status: line.status,
    digest: line.digest ?? null,
    totalBytes: total,
    completedBytes: completed,
    percent:
      total !== null && total > 0 && completed !== null
        ? Math.min(100, Math.round((completed / total) * 1000) / 10)
        : null,
  }
}

/** ollama-js types times as Date but passes the server's strings through unconverted. */
function timeText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  return null
}

/** `model_info` keys the context length by architecture, e.g. `llama.context_length`. */
function contextLength(info: Record<string, unknown> | null | undefined): number | null {
  for (const [key, value] of Object.entries(info ?? {})) {
    if (key.endsWith('.context_length') && typeof value === 'number') return value
  }
  return null
}

function aborted(model: string): LlmError {
  return llmError('aborted', `ollama pull model=${model} cancelled`)
}
