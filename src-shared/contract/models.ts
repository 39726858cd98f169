import { z } from 'zod'
import { decimalText, identifier, timestampMs } from './primitives'

export const modelStatsSchema = z.object({
  model: z.string(),
  provider: z.string(),
  /** Decisions the model was asked in (one not asked — no API key, skipped — casts no vote). */
  votes: z.number(),
  validVotes: z.number(),
  agreementPct: z.number().nullable(),
  hitRate1h: z.number().nullable(),
  hitRate4h: z.number().nullable(),
  hitRate24h: z.number().nullable(),
  /** Over the decisions it was asked in; null when never asked. */
  averageLatencyMs: z.number().nullable(),
  totalCostUsd: decimalText,
})

export const modelComparisonInput = z
  .object({ sinceMs: timestampMs.optional() })
  .strict()
  .prefault({})

export const modelAssignmentSchema = z.object({
  agent: z.string(),
  models: z.array(z.object({ key: z.string(), provider: z.string(), model: z.string() })),
  isEnabled: z.boolean(),
})

export const providerHealthSchema = z.object({
  provider: z.string(),
  isAvailable: z.boolean(),
  isHealthy: z.boolean(),
  reason: z.string().nullable(),
})

export const ollamaModelSchema = z.object({
  name: z.string(),
  sizeBytes: z.number(),
  family: z.string().nullable(),
  parameterSize: z.string().nullable(),
  quantization: z.string().nullable(),
  modifiedAt: z.string().nullable(),
  isRunning: z.boolean(),
})

export const ollamaListSchema = z.object({
  isReachable: z.boolean(),
  message: z.string().nullable(),
  models: z.array(ollamaModelSchema),
})

/** Ollama model names look like `qwen2.5:7b` or `library/llama3:latest`. */
export const ollamaModelNameInput = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._\-/]*(:[a-zA-Z0-9._-]+)?$/, {
        error:
          'model name must look like qwen2.5:7b (lowercase letters, digits, . _ - / and an optional :tag)',
      })
      .max(200),
  })
  .strict()

export const pullStartedSchema = z.object({ pullId: z.string(), name: z.string() })
export const pullIdInput = z.object({ pullId: identifier }).strict()

export type ModelStats = z.infer<typeof modelStatsSchema>
export type ModelAssignment = z.infer<typeof modelAssignmentSchema>
export type OllamaModel = z.infer<typeof ollamaModelSchema>
export type OllamaList = z.infer<typeof ollamaListSchema>
