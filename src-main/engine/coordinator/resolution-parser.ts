import { z } from 'zod'
import { positiveDecimalString } from '../bus'

/** What the coordinator may decide about a conflicted signal. */
export const RESOLUTION_ACTIONS = ['proceed', 'wait', 'modify', 'abort'] as const

export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number]

/**
 * The signal fields a `modify` resolution may change (unknown keys are dropped): the
 * trading_signals payload names, so modifications apply to the signal before a proposal is built.
 */
export const signalModificationsSchema = z.object({
  confidence: z.number().min(0).max(1).optional(),
  position_size_pct: z.number().min(0).max(100).optional(),
  leverage: z.number().int().min(1).optional(),
  stop_loss_pct: z.number().min(0).optional(),
  take_profit_pct: z.number().min(0).optional(),
  entry_price: positiveDecimalString.optional(),
  stop_loss: positiveDecimalString.optional(),
  take_profit: positiveDecimalString.optional(),
})

export type SignalModifications = z.infer<typeof signalModificationsSchema>

/**
 * A number, or a number written as a string ("0.8"). Not z.coerce: Number() reads null,
 * "", false and [] as 0 and true as 1, so an answer without a confidence would pass.
 */
const confidenceSchema = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .pipe(z.number().min(0).max(1))

const answerSchema = z.object({
  action: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(RESOLUTION_ACTIONS)),
  confidence: confidenceSchema,
  reasoning: z.string().default(''),
  modifications: signalModificationsSchema.nullish(),
})

/** A model's decision, validated. */
export interface ParsedResolution {
  readonly action: ResolutionAction
  readonly confidence: number
  readonly reasoning: string
  readonly modifications: SignalModifications | null
}

/** The parse outcome: a decision, or why the answer was unusable. */
export type ParseResult = { ok: true; resolution: ParsedResolution } | { ok: false; error: string }

/**
 * Parses a model's answer into a decision. Tolerates code fences and prose around the
 * JSON object; rejects anything else, and a `modify` without usable modifications.
 */
export function parseResolution(text: string): ParseResult {
  const json = extractJsonObject(text)
  if (json === null) return { ok: false, error: 'no JSON object in the answer' }
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${(error as Error).message}` }
  }
  const parsed = answerSchema.safeParse(value)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map(
        (issue) => `field=${issue.path.map(String).join('.') || '(root)'} problem=${issue.message}`,
      )
      .join('; ')
    return { ok: false, error: `answer does not match the schema: ${problems}` }
  }
  const modifications = parsed.data.modifications ?? null
  const hasModifications = modifications !== null && Object.keys(modifications).length > 0
  if (parsed.data.action === 'modify' && !hasModifications) {
    return { ok: false, error: 'action=modify without modifications' }
  }
  return {
    ok: true,
    resolution: {
      action: parsed.data.action,
      confidence: parsed.data.confidence,
      reasoning: parsed.data.reasoning,
      modifications: hasModifications ? modifications : null,
    },
  }
}

/** Returns the text of the first balanced JSON object in `text` (inside a code fence or not), or null. */
export function extractJsonObject(text: string): string | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)
  const body = fenced?.[1] ?? text
  const start = body.indexOf('{')
  if (start < 0) return null
  let depth = 0
  let isInString = false
  let isEscaped = false
  for (let i = start; i < body.length; i++) {
    const char = body[i]
    if (isInString) {
      if (isEscaped) isEscaped = false
      else if (char === '\\') isEscaped = true
      else if (char === '"') isInString = false
      continue
    }
    if (char === '"') isInString = true
    else if (char === '{') depth++
    else if (char === '}') {
      depth--
      if (depth === 0) return body.slice(start, i + 1)
    }
  }
  return null
}
