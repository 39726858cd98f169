import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai'
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

/** The providers spoken to through the OpenAI Chat Completions protocol. */
export type OpenAiCompatibleName = 'openai' | 'deepseek' | 'xai'

export interface OpenAiCompatibleProviderOptions {
  readonly name: OpenAiCompatibleName
  /** OpenAI `…/v1`, DeepSeek `https://api.deepseek.com`, xAI `…/v1` (from agents.yaml). */
  readonly baseUrl: string
  readonly keys: ApiKeyStore
  readonly clock: Clock
  readonly logger: Logger
}

// Only what we read is checked; providers add fields freely.
const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z
    .object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) })
    .nullish(),
})

/**
 * OpenAI, DeepSeek and xAI through the official `openai` SDK with each vendor's base URL.
 * The SDK's own retries are off: the router decides what is retried.
 */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly name: OpenAiCompatibleName
  private client: { key: string; sdk: OpenAI } | null = null

  constructor(private readonly options: OpenAiCompatibleProviderOptions) {
    this.name = options.name
  }

  async isConfigured(): Promise<boolean> {
    return (await this.options.keys.get(this.name)) !== null
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const { clock } = this.options
    const started = clock.now()
    const key = await this.options.keys.get(this.name)
    if (!key) {
      return failureResult(this.name, request, unavailableError(this.name), 0)
    }
    const sdk = this.sdkFor(key)
    const maxTokens = request.maxOutputTokens ?? request.model.maxOutputTokens
    const body: OpenAI.ChatCompletionCreateParamsNonStreaming = {
      model: request.model.id,
      messages: [
        { role: 'system', content: systemPrompt(request) },
        ...request.messages.map((message) => ({ role: message.role, content: message.content })),
      ],
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      // OpenAI's reasoning models reject max_tokens; DeepSeek and xAI document max_tokens.
      ...(this.name === 'openai'
        ? { max_completion_tokens: maxTokens }
        : { max_tokens: maxTokens }),
      // DeepSeek supports json_object only, so the schema itself travels in the prompt.
      ...(request.jsonSchema ? { response_format: { type: 'json_object' as const } } : {}),
      stream: false,
    }
    const outcome = await callWithDeadline(clock, request.timeoutMs, request.signal, (signal) =>
      sdk.chat.completions.create(body, { signal, timeout: request.timeoutMs, maxRetries: 0 }),
    )
    const latencyMs = clock.now() - started
    return settleProviderCall(this.name, request, outcome, latencyMs, {
      schema: completionSchema,
      mapError: mapOpenAiError,
      read: (response) => {
        const text = response.choices[0]?.message.content ?? ''
        const usage = response.usage
          ? {
              inputTokens: response.usage.prompt_tokens,
              outputTokens: response.usage.completion_tokens,
            }
          : estimatedUsage(request, text)
        return { text, usage }
      },
    })
  }

  private sdkFor(key: string): OpenAI {
    if (this.client?.key !== key) {
      this.client = {
        key,
        sdk: new OpenAI({ apiKey: key, baseURL: this.options.baseUrl, maxRetries: 0 }),
      }
    }
    return this.client.sdk
  }
}

/**
 * Returns the system prompt, saying "JSON" when JSON mode is on and no message does:
 * OpenAI refuses json_object mode unless the word appears in the messages.
 */
function systemPrompt(request: GenerateRequest): string {
  if (!request.jsonSchema) return request.system
  const texts = [request.system, ...request.messages.map((message) => message.content)]
  if (texts.some((text) => /json/i.test(text))) return request.system
  return `${request.system}\n\nAnswer with a JSON object.`
}

/** Maps an error thrown by the `openai` SDK to the error taxonomy. */
export function mapOpenAiError(error: unknown): LlmError {
  if (error instanceof APIUserAbortError) return llmError('aborted', 'request aborted')
  if (error instanceof APIConnectionTimeoutError) return llmError('timeout', 'request timed out')
  if (error instanceof APIConnectionError) {
    return llmError('network', `connection failed: ${describeThrown(error.cause ?? error)}`)
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return errorFromStatus(
      error.status,
      error.message.replace(/^\d{3}\s+/, ''),
      retryAfterFromHeaders(error.headers),
    )
  }
  // A status-less APIError is an error event inside a stream.
  return llmError('server', describeThrown(error))
}
