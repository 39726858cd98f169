import { z } from 'zod'
import { TASK_SKIP_CODES } from '../../../src-shared/contract/coordinator'
import type { CoordinatorStateRow } from '../store'
import { COORDINATOR_STATES, type CoordinatorState } from './coordinator-state'
import { DEGRADATION_LEVELS, type DegradationLevel } from './degradation-level'
import type { DegradationChange } from './degradation-monitor'
import { TASK_NAMES, type TaskName } from './task-catalogue'
import type { TaskRecord } from './task-scheduler'

/** Everything the coordinator saves and restores (seed 001 v1.1 "State Persistence"). */
export interface CoordinatorSnapshot {
  readonly state: CoordinatorState
  readonly degradationLevel: DegradationLevel
  readonly tasks: Partial<Record<TaskName, TaskRecord>>
  readonly statistics: Record<string, number>
  readonly pausedSymbols: readonly string[]
  readonly degradationHistory: readonly DegradationChange[]
  /** What a halt by circuit breakers goes back to once they all re-armed by themselves. */
  readonly resumeAfterBreakers: ResumeAfterBreakers | null
  readonly savedAt: number
}

/** The states a halt by circuit breakers goes back to. */
export const RESUME_AFTER_BREAKERS = [
  'RUNNING',
  'PAUSED',
] as const satisfies readonly CoordinatorState[]

export type ResumeAfterBreakers = (typeof RESUME_AFTER_BREAKERS)[number]

/** Where the coordinator keeps its snapshot; `CoordinatorStateRepository` fits this port. */
export interface CoordinatorStateStore {
  load(id: string): Promise<CoordinatorStateRow | null>
  save(id: string, row: CoordinatorStateRow): Promise<void>
}

const count = z.number().int().nonnegative()
const instant = z.number().int().nonnegative()

const taskRecordSchema = z.object({
  isEnabled: z.boolean(),
  lastRunAt: instant.nullable(),
  lastDurationMs: z.number().nonnegative().nullable(),
  runs: count,
  failures: count,
  skipped: count,
  timeouts: count,
  lastError: z.string().nullable(),
  // Rows saved before skips were reported have none.
  lastSkip: z
    .object({
      at: instant,
      symbol: z.string(),
      code: z.enum(TASK_SKIP_CODES),
      reason: z.string(),
    })
    .nullable()
    .default(null),
})

const changeSchema = z.object({
  at: instant,
  from: z.enum(DEGRADATION_LEVELS),
  to: z.enum(DEGRADATION_LEVELS),
  reason: z.string(),
})

const rowSchema = z.object({
  state: z.enum(COORDINATOR_STATES),
  degradationLevel: z.enum(DEGRADATION_LEVELS),
  // Unknown task names (a task removed from the app) are dropped, not fatal.
  tasks: z.record(z.string(), taskRecordSchema),
  statistics: z.record(z.string(), z.number()),
  pausedSymbols: z.array(z.string()),
  degradationHistory: z.array(changeSchema),
  // Rows saved before it was kept have none: such a halt waits for a person, as it did.
  resumeAfterBreakers: z.enum(RESUME_AFTER_BREAKERS).nullable().default(null),
  updatedAtMs: instant,
})

/** The parse outcome of a saved row. */
export type SnapshotResult =
  { ok: true; snapshot: CoordinatorSnapshot } | { ok: false; error: string }

/** Validates a saved row; a row that does not fit is reported, never half-applied. */
export function parseSnapshot(row: CoordinatorStateRow): SnapshotResult {
  const parsed = rowSchema.safeParse(row)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `field=${issue.path.map(String).join('.')} problem=${issue.message}`)
      .join('; ')
    return { ok: false, error: `invalid coordinator_state row: ${problems}` }
  }
  const data = parsed.data
  const tasks: Partial<Record<TaskName, TaskRecord>> = {}
  for (const name of TASK_NAMES) {
    const record = data.tasks[name]
    if (record !== undefined) tasks[name] = record
  }
  return {
    ok: true,
    snapshot: {
      state: data.state,
      degradationLevel: data.degradationLevel,
      tasks,
      statistics: data.statistics,
      pausedSymbols: data.pausedSymbols,
      degradationHistory: data.degradationHistory,
      resumeAfterBreakers: data.resumeAfterBreakers,
      savedAt: data.updatedAtMs,
    },
  }
}

/** Returns the row that stores a snapshot. */
export function toStateRow(snapshot: CoordinatorSnapshot): CoordinatorStateRow {
  return {
    state: snapshot.state,
    degradationLevel: snapshot.degradationLevel,
    tasks: snapshot.tasks,
    statistics: snapshot.statistics,
    pausedSymbols: [...snapshot.pausedSymbols],
    degradationHistory: [...snapshot.degradationHistory],
    resumeAfterBreakers: snapshot.resumeAfterBreakers,
    updatedAtMs: snapshot.savedAt,
  }
}
