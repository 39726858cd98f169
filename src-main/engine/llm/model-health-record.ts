import { z } from 'zod'
import type { CallHealth } from './health-tracker'
import type { LlmErrorKind } from './llm-error'

/**
 * What of one model's health outlives a restart (table llm_model_health): its call health.
 * Whether its provider has a key and loads its SDK is not in it: that is asked again at every
 * start, and may have changed while the app was closed.
 */
export interface ModelHealthRecord extends CallHealth {
  /** The catalogue key. */
  readonly model: string
  /** The provider and model id the key named: a key may name another model later. */
  readonly provider: string
  readonly modelId: string
  readonly updatedAtMs: number
}

/**
 * A saved row as read back, not yet validated: data read from disk is input like any other
 * (a row written by another version, or by hand).
 */
export interface StoredModelHealth {
  readonly model: string
  readonly provider: unknown
  readonly modelId: unknown
  readonly consecutiveFailures: unknown
  readonly unhealthyUntilMs: unknown
  readonly lastError: unknown
  readonly lastSuccessMs: unknown
  readonly updatedAtMs: unknown
}

/** Where the router keeps model health; the store's LlmModelHealthRepository implements it. */
export interface ModelHealthStore {
  /** Returns every saved row. */
  load(): Promise<readonly StoredModelHealth[]>
  /** Replaces the saved row of `record.model`. */
  save(record: ModelHealthRecord): Promise<void>
}

// A Record, so that a kind added to LlmErrorKind does not compile until it is listed here.
const ERROR_KINDS: Readonly<Record<LlmErrorKind, true>> = {
  timeout: true,
  rate_limited: true,
  overloaded: true,
  auth: true,
  not_found: true,
  bad_request: true,
  server: true,
  network: true,
  aborted: true,
  unavailable: true,
  sdk_load_failed: true,
  unhealthy: true,
  invalid_output: true,
  replay_miss: true,
  no_model: true,
}

const instant = z.number().int().nonnegative()

const llmErrorSchema = z.object({
  kind: z.enum(Object.keys(ERROR_KINDS) as [LlmErrorKind, ...LlmErrorKind[]]),
  message: z.string(),
  status: z.number().int().optional(),
  retryAfterMs: z.number().nonnegative().optional(),
})

const recordSchema = z
  .object({
    model: z.string().min(1),
    provider: z.string().min(1),
    modelId: z.string().min(1),
    consecutiveFailures: z.number().int().nonnegative(),
    unhealthyUntilMs: instant.nullable(),
    lastError: llmErrorSchema.nullable(),
    lastSuccessMs: instant.nullable(),
    updatedAtMs: instant,
  })
  // Only failures start a spell, and a success ends both.
  .refine((record) => record.unhealthyUntilMs === null || record.consecutiveFailures > 0, {
    path: ['unhealthyUntilMs'],
    message: 'an unhealthy spell without a failure',
  })

/** The parse outcome of a saved row. */
export type ModelHealthResult =
  { ok: true; record: ModelHealthRecord } | { ok: false; error: string }

/** Validates a saved row; a row that does not fit is reported, never half-applied. */
export function parseModelHealth(row: StoredModelHealth): ModelHealthResult {
  const parsed = recordSchema.safeParse(row)
  if (parsed.success) return { ok: true, record: parsed.data }
  const problems = parsed.error.issues
    .map((issue) => `field=${issue.path.map(String).join('.')} problem=${issue.message}`)
    .join('; ')
  return { ok: false, error: `invalid llm_model_health row model=${row.model}: ${problems}` }
}
