import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import Decimal from 'decimal.js'
import { z } from 'zod'
import type { Logger } from '../logging/logger'
import { llmError, type LlmError, type LlmErrorKind } from './llm-error'
import type {
  GenerateRequest,
  GenerateResult,
  LlmProvider,
  ProviderName,
  ProviderRegistry,
} from './llm-types'
import { NO_USAGE } from './model-catalog'
import { requestHash } from './request-hash'

/** off: live calls; record: live calls saved; replay: answers from the recording only. */
export type RecordReplayMode = 'off' | 'record' | 'replay'

const usageSchema = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
})

const ERROR_KINDS = [
  'timeout',
  'rate_limited',
  'overloaded',
  'auth',
  'not_found',
  'bad_request',
  'server',
  'network',
  'aborted',
  'unavailable',
  'sdk_load_failed',
  'unhealthy',
  'invalid_output',
  'replay_miss',
  'no_model',
] as const satisfies readonly LlmErrorKind[]

/** One line of the recording file. */
export const recordedCallSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  provider: z.string(),
  model: z.string(),
  result: z.discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      text: z.string(),
      usage: usageSchema,
      latencyMs: z.number().min(0),
      costUsd: z.string(),
    }),
    z.object({
      ok: z.literal(false),
      error: z.object({
        kind: z.enum(ERROR_KINDS),
        message: z.string(),
        status: z.number().int().optional(),
        retryAfterMs: z.number().min(0).optional(),
      }),
      usage: usageSchema,
      latencyMs: z.number().min(0),
      costUsd: z.string(),
    }),
  ]),
})
export type RecordedCall = z.infer<typeof recordedCallSchema>

/** Thrown at start when a recording file cannot be used; names the file and the line. */
export class RecordingFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RecordingFileError'
  }
}

/**
 * The recorded answers, by request hash. Answers to the same request are given back in the
 * order they were recorded, so a replay of history repeats every call exactly.
 */
export class LlmRecording {
  private readonly byHash = new Map<string, RecordedCall[]>()
  private readonly providers = new Set<string>()

  constructor(calls: readonly RecordedCall[]) {
    for (const call of calls) {
      this.providers.add(call.provider)
      const queue = this.byHash.get(call.hash) ?? []
      queue.push(call)
      this.byHash.set(call.hash, queue)
    }
  }

  /** Reads a JSONL recording; a missing file is an empty recording, a bad line an error. */
  static async load(filePath: string): Promise<LlmRecording> {
    let text: string
    try {
      text = await readFile(filePath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new LlmRecording([])
      throw error
    }
    const calls: RecordedCall[] = []
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return
      let json: unknown
      try {
        json = JSON.parse(line)
      } catch {
        throw new RecordingFileError(`file=${filePath} line=${index + 1}: not valid JSON`)
      }
      const parsed = recordedCallSchema.safeParse(json)
      if (!parsed.success) {
        throw new RecordingFileError(
          `file=${filePath} line=${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        )
      }
      calls.push(parsed.data)
    })
    return new LlmRecording(calls)
  }

  /** Whether the recorded run called the provider at all (it had a key then). */
  hasProvider(provider: string): boolean {
    return this.providers.has(provider)
  }

  /** Returns and consumes the next recorded answer to `hash`, or undefined. */
  take(hash: string): RecordedCall | undefined {
    return this.byHash.get(hash)?.shift()
  }

  /** Returns how many recorded answers are left. */
  remaining(): number {
    let count = 0
    for (const queue of this.byHash.values()) count += queue.length
    return count
  }
}

/** Appends calls to a JSONL file in the order they finish. */
export class LlmRecorder {
  private writes: Promise<void> = Promise.resolve()
  private isDirectoryReady = false

  constructor(
    private readonly filePath: string,
    private readonly logger: Logger,
  ) {}

  /** Queues one call for writing; a failed write is logged, never thrown at the caller. */
  append(call: RecordedCall): void {
    const line = `${JSON.stringify(call)}\n`
    this.writes = this.writes.then(async () => {
      try {
        if (!this.isDirectoryReady) {
          await mkdir(dirname(this.filePath), { recursive: true })
          this.isDirectoryReady = true
        }
        await appendFile(this.filePath, line, 'utf8')
      } catch (error) {
        this.logger.error(
          { file: this.filePath, err: error },
          'could not append to the LLM recording',
        )
      }
    })
  }

  /** Resolves when every queued call is on disk. */
  flush(): Promise<void> {
    return this.writes
  }
}

/** A provider whose every answer is also appended to the recording. */
export class RecordingProvider implements LlmProvider {
  readonly name: ProviderName

  constructor(
    private readonly inner: LlmProvider,
    private readonly recorder: LlmRecorder,
  ) {
    this.name = inner.name
  }

  isConfigured(): Promise<boolean> {
    return this.inner.isConfigured()
  }

  /** Preloads the live provider; a load is no call, so nothing is recorded. */
  async preload(): Promise<LlmError | null> {
    return this.inner.preload ? this.inner.preload() : null
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const result = await this.inner.generate(request)
    this.recorder.append(toRecordedCall(requestHash(request), request, result))
    return result
  }
}

/** A provider that answers only from a recording; a request not recorded is a `replay_miss`. */
export class ReplayProvider implements LlmProvider {
  constructor(
    readonly name: ProviderName,
    private readonly recording: LlmRecording,
  ) {}

  /** A provider the recorded run never called had no key then: it is skipped again. */
  async isConfigured(): Promise<boolean> {
    return this.recording.hasProvider(this.name)
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const hash = requestHash(request)
    const call = this.recording.take(hash)
    const common = { provider: this.name, modelId: request.model.id, isFromRecording: true }
    if (!call) {
      return {
        ...common,
        ok: false,
        error: llmError(
          'replay_miss',
          `provider=${this.name} model=${request.model.id} hash=${hash.slice(0, 12)} not in the recording`,
        ),
        usage: NO_USAGE,
        latencyMs: 0,
        costUsd: new Decimal(0),
      }
    }
    const { result } = call
    if (result.ok) {
      return {
        ...common,
        ok: true,
        text: result.text,
        usage: result.usage,
        latencyMs: result.latencyMs,
        costUsd: new Decimal(result.costUsd),
      }
    }
    return {
      ...common,
      ok: false,
      error: result.error,
      usage: result.usage,
      latencyMs: result.latencyMs,
      costUsd: new Decimal(result.costUsd),
    }
  }
}

/**
 * Wraps the providers for the mode: unchanged when off, recording when record, answered
 * from `recording` when replay. The rules provider is deterministic and never wrapped.
 */
export function withRecordReplay(
  providers: ProviderRegistry,
  mode: RecordReplayMode,
  io: { recorder?: LlmRecorder; recording?: LlmRecording },
): ProviderRegistry {
  if (mode === 'off') return providers
  const wrapped = new Map<ProviderName, LlmProvider>()
  for (const [name, provider] of providers) {
    if (name === 'rules') {
      wrapped.set(name, provider)
    } else if (mode === 'record') {
      if (!io.recorder) throw new Error('record mode needs a recorder')
      wrapped.set(name, new RecordingProvider(provider, io.recorder))
    } else {
      if (!io.recording) throw new Error('replay mode needs a recording')
      wrapped.set(name, new ReplayProvider(name, io.recording))
    }
  }
  return wrapped
}

function toRecordedCall(
  hash: string,
  request: GenerateRequest,
  result: GenerateResult,
): RecordedCall {
  const common = {
    usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
    latencyMs: result.latencyMs,
    costUsd: result.costUsd.toString(),
  }
  return {
    hash,
    provider: request.model.provider,
    model: request.model.id,
    result: result.ok
      ? { ok: true, text: result.text, ...common }
      : { ok: false, error: { ...result.error }, ...common },
  }
}
