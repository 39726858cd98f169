import { z } from 'zod'
import type { JsonOutputSpec } from './llm-types'

/** The JSON value found in a model's text, or why there is none. */
export type JsonText = { ok: true; value: unknown } | { ok: false; reason: string }

const FENCE = /```(?:json)?\s*([\s\S]*?)```/i

/**
 * Reads the JSON object in a model's answer. Models wrap JSON in code fences or add a
 * sentence around it, so this tries the whole text, then a fenced block, then the span
 * from the first `{` to the last `}`.
 */
export function parseJsonText(text: string): JsonText {
  let reason = 'no JSON object in the answer'
  for (const candidate of jsonCandidates(text)) {
    if (candidate === '') continue
    try {
      return { ok: true, value: JSON.parse(candidate) as unknown }
    } catch (error) {
      reason = `not valid JSON: ${error instanceof Error ? error.message : String(error)}`
    }
  }
  return { ok: false, reason }
}

/**
 * The spans of `text` that may hold the JSON object, in the order they are tried. Made one at
 * a time: the rules provider answers plain JSON thousands of times a second in a replay, and
 * the whole text parses at the first try.
 */
function* jsonCandidates(text: string): Generator<string> {
  yield text.trim()
  const fenced = FENCE.exec(text)?.[1]
  if (fenced) yield fenced.trim()
  const first = text.indexOf('{')
  const last = text.lastIndexOf('}')
  if (first >= 0 && last > first) yield text.slice(first, last + 1)
}

/** Returns zod issues as `path: message` lines, at most `limit` of them. */
export function describeIssues(error: z.ZodError, limit = 8): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ')
}

/** The follow-up message of the one repair attempt: what was wrong and what to send instead. */
export function repairInstruction(problem: string): string {
  return [
    `Your previous answer could not be used: ${problem}.`,
    'Reply again with only the corrected JSON object that satisfies the schema, with no other text.',
  ].join('\n')
}

/**
 * Returns the JSON Schema models are shown for a zod schema: the input side, so fields
 * with defaults are optional and prices may be numbers or strings.
 */
export function outputJsonSchema(name: string, schema: z.ZodType): JsonOutputSpec {
  let converted = jsonSchemas.get(schema)
  if (converted === undefined) {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>
    converted = rest
    jsonSchemas.set(schema, converted)
  }
  return { name, schema: converted }
}

/**
 * Converted schemas by zod schema: an agent asks with the same schema every run and the
 * conversion costs far more than the call it describes on the rules provider. Callers only
 * read the result (it is serialised into requests).
 */
const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>()
