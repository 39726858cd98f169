import Decimal from 'decimal.js'
import { llmError, type LlmErrorKind } from '../../../src-main/engine/llm/llm-error'
import type {
  GenerateRequest,
  GenerateResult,
  LlmProvider,
  ProviderName,
} from '../../../src-main/engine/llm/llm-types'
import { costUsd } from '../../../src-main/engine/llm/model-catalog'

/** What a scripted provider answers to one call. */
export type Scripted =
  | { readonly text: string; readonly latencyMs?: number; readonly usage?: [number, number] }
  | {
      readonly error: LlmErrorKind
      readonly retryAfterMs?: number
      readonly latencyMs?: number
    }

/** Shorthands for scripted answers. */
export const say = {
  json: (value: unknown, latencyMs = 0): Scripted => ({ text: JSON.stringify(value), latencyMs }),
  text: (text: string): Scripted => ({ text }),
  fail: (error: LlmErrorKind, retryAfterMs?: number): Scripted =>
    retryAfterMs === undefined ? { error } : { error, retryAfterMs },
}

/**
 * An in-memory provider for router and agent tests: answers are queued per model id (or
 * '*' for any); a model with nothing queued answers with `fallback`. Latency advances
 * nothing; it is reported as given.
 */
export class ScriptedProvider implements LlmProvider {
  readonly requests: GenerateRequest[] = []
  private readonly queues = new Map<string, Scripted[]>()
  hasKey = true

  constructor(
    readonly name: ProviderName,
    private readonly fallback: ((request: GenerateRequest) => Scripted) | null = null,
  ) {}

  enqueue(modelId: string, ...answers: Scripted[]): this {
    this.queues.set(modelId, [...(this.queues.get(modelId) ?? []), ...answers])
    return this
  }

  callsTo(modelId: string): GenerateRequest[] {
    return this.requests.filter((request) => request.model.id === modelId)
  }

  async isConfigured(): Promise<boolean> {
    return this.hasKey
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.requests.push(request)
    const answer =
      this.queues.get(request.model.id)?.shift() ??
      this.queues.get('*')?.shift() ??
      this.fallback?.(request)
    const common = {
      provider: this.name,
      modelId: request.model.id,
      latencyMs: answer?.latencyMs ?? 0,
      isFromRecording: false,
    }
    if (!answer) {
      return {
        ...common,
        ok: false,
        error: llmError('server', `nothing scripted for model=${request.model.id}`),
        usage: { inputTokens: 0, outputTokens: 0 },
        costUsd: new Decimal(0),
      }
    }
    if ('error' in answer) {
      return {
        ...common,
        ok: false,
        error: llmError(answer.error, `scripted ${answer.error}`, {
          ...(answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs }),
        }),
        usage: { inputTokens: 0, outputTokens: 0 },
        costUsd: new Decimal(0),
      }
    }
    const usage = { inputTokens: answer.usage?.[0] ?? 100, outputTokens: answer.usage?.[1] ?? 20 }
    return {
      ...common,
      ok: true,
      text: answer.text,
      usage,
      costUsd: costUsd(request.model, usage),
    }
  }
}
