import { z } from 'zod'
import { identifier, timestampMs } from './primitives'

export const COORDINATOR_STATES = ['RUNNING', 'PAUSED', 'HALTED'] as const
export const DEGRADATION_LEVELS = ['NORMAL', 'REDUCED', 'LIMITED', 'EMERGENCY'] as const

/**
 * Why a symbol run of a task was skipped: its previous run was still going, or there was
 * no market data for the symbol yet.
 */
export const TASK_SKIP_CODES = ['PREVIOUS_RUN_RUNNING', 'NO_DATA', 'STALE_DATA'] as const

/** The latest skipped symbol run of a task, on the engine's clock. */
export const taskSkipSchema = z.object({
  at: timestampMs,
  symbol: z.string(),
  code: z.enum(TASK_SKIP_CODES),
  /** `CODE: key=value …`, as logged. */
  reason: z.string(),
})

export const taskStatusSchema = z.object({
  name: z.string(),
  agent: z.string(),
  intervalSeconds: z.number(),
  isEnabled: z.boolean(),
  isRunning: z.boolean(),
  lastRunAt: timestampMs.nullable(),
  nextRunAt: timestampMs.nullable(),
  lastDurationMs: z.number().nullable(),
  runs: z.number(),
  failures: z.number(),
  skipped: z.number(),
  timeouts: z.number(),
  lastError: z.string().nullable(),
  /**
   * The latest skip, until a later run of its symbol goes through; null then, and in a
   * status from a version that did not report it.
   */
  lastSkip: taskSkipSchema.nullable().default(null),
})

export const degradationChangeSchema = z.object({
  at: timestampMs,
  from: z.enum(DEGRADATION_LEVELS),
  to: z.enum(DEGRADATION_LEVELS),
  reason: z.string(),
})

export const coordinatorStatusSchema = z.object({
  /**
   * The engine's clock when the status was taken (the replayed time in a replay): the UI
   * measures "3m ago" and "in 5m" against it, never against the machine it runs on.
   */
  now: timestampMs,
  state: z.enum(COORDINATOR_STATES),
  degradationLevel: z.enum(DEGRADATION_LEVELS),
  /** The symbols the coordinator trades (config), each of which can be paused and resumed. */
  symbols: z.array(z.string()),
  pausedSymbols: z.array(z.string()),
  tasks: z.array(taskStatusSchema),
  statistics: z.record(z.string(), z.number()),
  degradationHistory: z.array(degradationChangeSchema),
})

export const taskNameInput = z.object({ name: identifier }).strict()

export const killSwitchInput = z
  .object({ closePositions: z.boolean({ error: 'closePositions must be true or false' }) })
  .strict()

export const killSwitchResultSchema = z.object({
  state: z.enum(COORDINATOR_STATES),
  cancelledOrders: z.number(),
  /** Scheduled rebalance (DCA) batches cancelled: they would trade after a resume. */
  cancelledBatches: z.number(),
  closedPositions: z.number(),
  errors: z.array(z.string()),
})

export type TaskSkipCode = (typeof TASK_SKIP_CODES)[number]
export type TaskSkip = z.infer<typeof taskSkipSchema>
export type TaskStatus = z.infer<typeof taskStatusSchema>
export type CoordinatorStatus = z.infer<typeof coordinatorStatusSchema>
export type KillSwitchResult = z.infer<typeof killSwitchResultSchema>
