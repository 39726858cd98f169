/** The provider whose HTTP API a fake speaks. */
export type FakeProvider = 'openai' | 'anthropic' | 'ollama'

/** A chat message reduced to its role and plain text (text parts joined, other parts dropped). */
export interface FakeMessage {
  readonly role: string
  readonly content: string
}

/** The output format the caller asked for, in provider-neutral form. */
export type RequestedFormat =
  | { readonly type: 'text' }
  | { readonly type: 'json' }
  | { readonly type: 'json_schema'; readonly schema: unknown; readonly name?: string }

/**
 * A validated generation request (OpenAI chat completion, Anthropic message, Ollama chat or
 * generate) in the form scripted responders see. System prompts come first as role 'system'.
 */
export interface FakeLlmRequest {
  readonly provider: FakeProvider
  readonly model: string
  readonly messages: readonly FakeMessage[]
  readonly format: RequestedFormat
  readonly stream: boolean
  readonly maxTokens: number | undefined
  /** The parsed request body as sent. */
  readonly body: unknown
  /** Request headers with secrets redacted. */
  readonly headers: Readonly<Record<string, string>>
}

/** Joins the text parts of a message content that is a string, an array of parts, or null. */
export const textOfContent = (content: unknown): string => {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part: unknown) =>
      typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string'
        ? part.text
        : '',
    )
    .join('')
}
