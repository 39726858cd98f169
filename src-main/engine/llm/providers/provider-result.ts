import type { ZodType } from 'zod'
import type { DeadlineOutcome } from '../deadline'
import { describeThrown, llmError, type LlmError } from '../llm-error'
import { parseJsonText } from '../json-output'
import type {
  GenerateFailure,
  GenerateRequest,
  GenerateSuccess,
  ProviderName,
  TokenUsage,
} from '../llm-types'
import { costUsd, NO_USAGE } from '../model-catalog'
import { estimateTokens } from '../token-estimate'

/**
 * Builds a success, pricing the usage and parsing JSON when JSON was asked for. `value` is the
 * text's JSON value when the caller made the text from it (the rules provider), so it is not
 * parsed back.
 */
export function successResult(
  provider: ProviderName,
  request: GenerateRequest,
  text: string,
  usage: TokenUsage,
  latencyMs: number,
  value?: unknown,
): GenerateSuccess {
  const base = {
    ok: true as const,
    provider,
    modelId: request.model.id,
    text,
    usage,
    latencyMs,
    costUsd: costUsd(request.model, usage),
    isFromRecording: false,
  }
  if (!request.jsonSchema) return base
  if (value !== undefined) return { ...base, parsed: value }
  const json = parseJsonText(text)
  return json.ok ? { ...base, parsed: json.value } : base
}

/** Builds a failure; a failed call costs nothing unless the provider reported tokens. */
export function failureResult(
  provider: ProviderName,
  request: GenerateRequest,
  error: LlmError,
  latencyMs: number,
  usage: TokenUsage = NO_USAGE,
): GenerateFailure {
  return {
    ok: false,
    provider,
    modelId: request.model.id,
    error,
    usage,
    latencyMs,
    costUsd: costUsd(request.model, usage),
    isFromRecording: false,
  }
}

/** Estimates usage when a provider leaves it out, so cost accounting never silently reads zero. */
export function estimatedUsage(request: GenerateRequest, text: string): TokenUsage {
  const prompt = [request.system, ...request.messages.map((message) => message.content)].join('\n')
  return { inputTokens: estimateTokens(prompt, 0), outputTokens: estimateTokens(text, 0) }
}

/** The error of a call that ran out of time. */
export function timeoutError(provider: ProviderName, request: GenerateRequest): LlmError {
  return llmError(
    'timeout',
    `provider=${provider} model=${request.model.id} timeout_ms=${request.timeoutMs}`,
  )
}

/** The error of a call the caller aborted. */
export function abortedError(provider: ProviderName, request: GenerateRequest): LlmError {
  return llmError('aborted', `provider=${provider} model=${request.model.id} aborted by caller`)
}

/** The error of a call to a provider without an API key; nothing was sent. */
export function unavailableError(provider: ProviderName): LlmError {
  return llmError('unavailable', `provider=${provider} has no API key`)
}

/**
 * The error of a call to a provider whose SDK (the npm package `sdk`) failed to load; nothing
 * was sent. Only the first line of the cause is kept: Node appends the require stack (file
 * paths) to "Cannot find module", and no stack leaves the process.
 */
export function sdkLoadError(provider: ProviderName, sdk: string, thrown: unknown): LlmError {
  const cause = describeThrown(thrown).split('\n', 1)[0]?.trim() || 'unknown error'
  return llmError('sdk_load_failed', `provider=${provider} sdk=${sdk} failed to load: ${cause}`)
}

/**
 * Turns one provider call's deadline outcome into a result: timeout, abort and SDK errors
 * become failures; the raw value is checked against the provider's response schema and read
 * into text and token usage. The three SDK providers share this step.
 */
export function settleProviderCall<T>(
  provider: ProviderName,
  request: GenerateRequest,
  outcome: DeadlineOutcome<unknown>,
  latencyMs: number,
  reading: {
    schema: ZodType<T>
    mapError: (error: unknown) => LlmError
    read: (response: T) => { text: string; usage: TokenUsage }
  },
): GenerateSuccess | GenerateFailure {
  switch (outcome.kind) {
    case 'timeout':
      return failureResult(provider, request, timeoutError(provider, request), latencyMs)
    case 'aborted':
      return failureResult(provider, request, abortedError(provider, request), latencyMs)
    case 'error':
      return failureResult(provider, request, reading.mapError(outcome.error), latencyMs)
    case 'value': {
      const parsed = reading.schema.safeParse(outcome.value)
      if (!parsed.success) {
        const message = `provider=${provider} unexpected response: ${parsed.error.message}`
        return failureResult(provider, request, llmError('server', message), latencyMs)
      }
      const { text, usage } = reading.read(parsed.data)
      return successResult(provider, request, text, usage, latencyMs)
    }
  }
}
