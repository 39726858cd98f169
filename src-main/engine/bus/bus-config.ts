import { z } from 'zod'

/** Tuning of the message bus; every field has a default. */
export const busConfigSchema = z.strictObject({
  /** Messages kept in history at most; the oldest go first. */
  maxHistory: z.number().int().min(1).default(10_000),
  /** A handler running longer than this (bus clock) is counted as timed out. */
  handlerTimeoutMs: z.number().int().min(1).default(5_000),
  /** TTL of a message published without one (seed 003: 300 s). */
  defaultTtlSeconds: z.number().positive().default(300),
  /** Deliveries waiting for one busy subscription at most; beyond it the least urgent, oldest go. */
  maxPendingPerSubscription: z.number().int().min(1).default(10_000),
  /** Deliveries made before the bus yields to the event loop while working through a queue. */
  maxDeliveriesPerTurn: z.number().int().min(1).default(10_000),
})

/** Bus tuning as given (fields optional). */
export type BusConfigInput = z.input<typeof busConfigSchema>
/** Bus tuning with defaults applied. */
export type BusConfig = z.output<typeof busConfigSchema>

/** Validates bus tuning and applies defaults; throws with `field=… problem=…` when invalid. */
export function parseBusConfig(input: BusConfigInput = {}): BusConfig {
  const result = busConfigSchema.safeParse(input)
  if (result.success) return result.data
  const problems = result.error.issues
    .map((issue) => `field=${issue.path.join('.') || '(root)'} problem=${issue.message}`)
    .join('; ')
  throw new Error(`invalid bus config: ${problems}`)
}
