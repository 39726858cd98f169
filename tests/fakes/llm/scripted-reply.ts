/** Why generation stopped, in provider-neutral form (mapped to each provider's vocabulary). */
export type FakeFinishReason = 'stop' | 'length'

/** Token counts reported in a reply's usage block. */
export interface FakeUsage {
  readonly inputTokens: number
  readonly outputTokens: number
}

/** Extra response headers, e.g. `retry-after-ms` or `x-should-retry`. */
export type FakeHeaders = Readonly<Record<string, string>>

/**
 * What a fake answers to one generation request. `delayMs` holds the response (status and
 * headers included) back that long, which is how SDK timeouts are provoked.
 */
export type ScriptedReply =
  | {
      readonly kind: 'text'
      readonly text: string
      /** Reasoning text: DeepSeek `reasoning_content`, Anthropic thinking block, Ollama `thinking`. */
      readonly reasoning?: string
      readonly finishReason?: FakeFinishReason
      /** Overrides the deterministic token estimate. */
      readonly usage?: FakeUsage
      readonly delayMs?: number
      /** Pause between streamed chunks. */
      readonly chunkDelayMs?: number
    }
  | {
      readonly kind: 'error'
      readonly status: number
      /** Overrides the provider's usual message for this status. */
      readonly message?: string
      /** Overrides the provider's error type (OpenAI `type`, Anthropic `error.type`). */
      readonly errorType?: string
      /** Overrides OpenAI's `code`. */
      readonly code?: string | null
      readonly headers?: FakeHeaders
      readonly delayMs?: number
    }
  | {
      /** An arbitrary HTTP answer, for bodies no provider would send. */
      readonly kind: 'raw'
      readonly status: number
      readonly body: string
      readonly contentType?: string
      readonly headers?: FakeHeaders
      readonly delayMs?: number
    }
  | {
      /** Never answers; the exchange ends only when the client gives up or the server stops. */
      readonly kind: 'hang'
    }

type TextReply = Extract<ScriptedReply, { kind: 'text' }>
type ErrorReply = Extract<ScriptedReply, { kind: 'error' }>
type RawReply = Extract<ScriptedReply, { kind: 'raw' }>
type DelayableReply = TextReply | ErrorReply | RawReply

/** A cut-off JSON object, the usual shape of a model answer that fails to parse. */
export const MALFORMED_JSON_TEXT = '{"action": "BUY", "confidence": 0.8, "reasoning": "momentum is'

/** Builders for scripted replies, e.g. `reply.error(429, { headers: { 'retry-after-ms': '10' } })`. */
export const reply = {
  /** A normal answer with the given text. */
  text(text: string, options: Omit<TextReply, 'kind' | 'text'> = {}): TextReply {
    return { kind: 'text', text, ...options }
  },
  /** A normal answer whose text is `value` serialised as JSON. */
  json(value: unknown, options: Omit<TextReply, 'kind' | 'text'> = {}): TextReply {
    return { kind: 'text', text: JSON.stringify(value), ...options }
  },
  /** A normal answer whose text is not valid JSON. */
  malformedJson(
    text: string = MALFORMED_JSON_TEXT,
    options: Omit<TextReply, 'kind' | 'text'> = {},
  ): TextReply {
    return { kind: 'text', text, ...options }
  },
  /** An error status with the provider's error body. */
  error(status: number, options: Omit<ErrorReply, 'kind' | 'status'> = {}): ErrorReply {
    return { kind: 'error', status, ...options }
  },
  /** An arbitrary status and body. */
  raw(
    status: number,
    body: string,
    options: Omit<RawReply, 'kind' | 'status' | 'body'> = {},
  ): RawReply {
    return { kind: 'raw', status, body, ...options }
  },
  /** `inner` held back for `delayMs` milliseconds before anything is sent. */
  delayed<T extends DelayableReply>(delayMs: number, inner: T): T {
    return { ...inner, delayMs }
  },
  /** No answer at all. */
  hang(): ScriptedReply {
    return { kind: 'hang' }
  },
} as const
