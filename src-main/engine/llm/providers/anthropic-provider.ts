import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk'
import { z } from 'zod'
import type { Clock } from '../../clock'
import type { Logger } from '../../logging/logger'
import type { ApiKeyStore } from '../api-key-store'
import { callWithDeadline } from '../deadline'
import {
  describeThrown,
  errorFromStatus,
  llmError,
  retryAfterFromHeaders,
  type LlmError,
} from '../llm-error'
import type { GenerateRequest, GenerateResult, LlmProvider } from '../llm-types'
import {
  estimatedUsage,
  failureResult,
  settleProviderCall,
  unavailableError,
} from './provider-result'

export interface AnthropicProviderOptions {
  /** `https://api.anthropic.com` without `/v1` (the SDK adds it). */
  readonly baseUrl: string
  readonly keys: ApiKeyStore
  readonly clock: Clock
  readonly logger: Logger
}

const messageSchema = z.object({
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  usage: z
    .object({ input_tokens: z.number().int().min(0), output_tokens: z.number().int().min(0) })
    .nullish(),
})

/** Claude models through the official `@anthropic-ai/sdk`; the router owns retries. */
export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic' as const
  private client: { key: string; sdk: Anthropic } | null = null

  constructor(private readonly options: AnthropicProviderOptions) {}

  async isConfigured(): Promise<boolean> {
    return (await this.options.keys.get(this.name)) !== null
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const { clock } = this.options
    const started = clock.now()
    const key = await this.options.keys.get(this.name)
    if (!key) return failureResult(this.name, request, unavailableError(this.name), 0)
    const sdk = this.sdkFor(key)
    const body: Anthropic.MessageCreateParamsNonStreaming = {
      model: request.model.id,
      max_tokens: request.maxOutputTokens ?? request.model.maxOutputTokens,
      system: request.system,
      messages: request.messages.map((message) => ({
        role: message.role,
        content: message.content,
      })),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    }
    const outcome = await callWithDeadline(clock, request.timeoutMs, request.signal, (signal) =>
      sdk.messages.create(body, { signal, timeout: request.timeoutMs, maxRetries: 0 }),
    )
    const latencyMs = clock.now() - started
    return settleProviderCall(this.name, request, outcome, latencyMs, {
      schema: messageSchema,
      mapError: mapAnthropicError,
      read: (response) => {
        const text = response.content
          .filter((block) => block.type === 'text')
          .map((block) => block.text ?? '')
          .join('')
        const usage = response.usage
          ? { inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens }
          : estimatedUsage(request, text)
        return { text, usage }
      },
    })
  }

  private sdkFor(key: string): Anthropic {
    if (this.client?.key !== key) {
      this.client = {
        key,
        sdk: new Anthropic({ apiKey: key, baseURL: this.options.baseUrl, maxRetries: 0 }),
      }
    }
    return this.client.sdk
  }
}

/** Maps an error thrown by `@anthropic-ai/sdk` to the error taxonomy. */
export function mapAnthropicError(error: unknown): LlmError {
  if (error instanceof APIUserAbortError) return llmError('aborted', 'request aborted')
  if (error instanceof APIConnectionTimeoutError) return llmError('timeout', 'request timed out')
  if (error instanceof APIConnectionError) {
    return llmError('network', `connection failed: ${describeThrown(error.cause ?? error)}`)
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const message = error.apiMessage ?? error.message.replace(/^\d{3}\s+/, '')
    return errorFromStatus(error.status, message, retryAfterFromHeaders(error.headers))
  }
  if (error instanceof APIError && error.type === 'overloaded_error') {
    return llmError('overloaded', describeThrown(error))
  }
  return llmError('server', describeThrown(error))
}
