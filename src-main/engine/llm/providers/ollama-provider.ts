import type { Fetch } from 'ollama'
import { z } from 'zod'
import type { Clock } from '../../clock'
import type { Logger } from '../../logging/logger'
import { callWithDeadline } from '../deadline'
import type { GenerateRequest, GenerateResult, LlmProvider } from '../llm-types'
import { mapOllamaError, ollamaClient } from './ollama-client'
import { estimatedUsage, settleProviderCall } from './provider-result'

export interface OllamaProviderOptions {
  /** e.g. `http://127.0.0.1:11434` (from agents.yaml). */
  readonly host: string
  readonly clock: Clock
  readonly logger: Logger
  /** The HTTP client under ollama-js; the platform's fetch unless a test injects one. */
  readonly fetch?: Fetch
}

const chatSchema = z.object({
  message: z.object({ content: z.string() }),
  prompt_eval_count: z.number().int().min(0).optional(),
  eval_count: z.number().int().min(0).optional(),
})

/** Local models through the official `ollama` client. Needs no key, so it is always configured. */
export class OllamaProvider implements LlmProvider {
  readonly name = 'ollama' as const
  private readonly fetch: Fetch

  constructor(private readonly options: OllamaProviderOptions) {
    this.fetch = options.fetch ?? globalThis.fetch
  }

  async isConfigured(): Promise<boolean> {
    return true
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const { clock } = this.options
    const started = clock.now()
    const outcome = await callWithDeadline(clock, request.timeoutMs, request.signal, (signal) =>
      ollamaClient(this.options.host, this.fetch, signal).chat({
        model: request.model.id,
        messages: [
          { role: 'system', content: request.system },
          ...request.messages.map((message) => ({ role: message.role, content: message.content })),
        ],
        // Ollama constrains decoding to a JSON Schema passed as `format`.
        ...(request.jsonSchema ? { format: { ...request.jsonSchema.schema } } : {}),
        options: {
          num_ctx: request.model.contextTokens,
          num_predict: request.maxOutputTokens ?? request.model.maxOutputTokens,
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        },
        stream: false,
      }),
    )
    const latencyMs = clock.now() - started
    return settleProviderCall(this.name, request, outcome, latencyMs, {
      schema: chatSchema,
      mapError: mapOllamaError,
      read: (response) => {
        const text = response.message.content
        const estimate = estimatedUsage(request, text)
        return {
          text,
          usage: {
            inputTokens: response.prompt_eval_count ?? estimate.inputTokens,
            outputTokens: response.eval_count ?? estimate.outputTokens,
          },
        }
      },
    })
  }
}
