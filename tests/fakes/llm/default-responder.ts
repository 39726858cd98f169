import type { FakeLlmRequest } from './fake-llm-request'
import { sampleFromJsonSchema } from './json-schema-sample'
import { reply } from './scripted-reply'
import type { ScriptedReply } from './scripted-reply'

const ECHO_LIMIT = 200

/** Returns a deterministic token count for `text`: one token per four characters, at least one. */
export const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4))

/** Returns the text of the last user message, cut to a readable length. */
const lastUserText = (request: FakeLlmRequest): string => {
  const last = [...request.messages].reverse().find((message) => message.role === 'user')
  return (last?.content ?? '').slice(0, ECHO_LIMIT)
}

/**
 * Answers every request validly and deterministically: a schema-conforming sample when a
 * JSON schema was requested, a small JSON object in JSON mode, otherwise an echo sentence.
 */
export const defaultResponder = (request: FakeLlmRequest): ScriptedReply => {
  const format = request.format
  switch (format.type) {
    case 'json_schema':
      return reply.json(sampleFromJsonSchema(format.schema))
    case 'json':
      return reply.json({ model: request.model, echo: lastUserText(request) })
    case 'text':
      return reply.text(`Fake reply from ${request.model}: ${lastUserText(request)}`)
  }
}
