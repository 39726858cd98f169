import { jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { instant } from './columns'

/** The coordinator's state, task schedules, enabled flags and statistics (seed 001 v1.1). */
export const coordinatorState = pgTable('coordinator_state', {
  id: text('id').primaryKey(),
  state: text('state').notNull(),
  degradationLevel: text('degradation_level').notNull(),
  tasks: jsonb('tasks').notNull(),
  statistics: jsonb('statistics').notNull(),
  pausedSymbols: jsonb('paused_symbols').notNull(),
  /** The latest degradation level changes with their reasons, oldest first. */
  degradationHistory: jsonb('degradation_history').notNull().default([]),
  /**
   * While circuit breakers hold the coordinator HALTED: the state it goes back to once they
   * all re-armed by themselves (RUNNING or PAUSED); null otherwise.
   */
  resumeAfterBreakers: text('resume_after_breakers'),
  updatedAt: instant('updated_at').notNull(),
})
