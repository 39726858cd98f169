import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey } from './columns'

/** Token and cost accounting for every LLM call, live or answered from a recording. */
export const llmCalls = pgTable(
  'llm_calls',
  {
    id: uuidPrimaryKey(),
    createdAt: instant('created_at').notNull(),
    agent: text('agent').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    correlationId: text('correlation_id'),
    requestHash: text('request_hash').notNull(),
    /** answer, retry or repair. */
    purpose: text('purpose').notNull().default('answer'),
    latencyMs: integer('latency_ms').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costUsd: decimal('cost_usd').notNull(),
    isSuccess: boolean('is_success').notNull(),
    isFromRecording: boolean('is_from_recording').notNull(),
    error: text('error'),
  },
  (table) => [index('llm_calls_created_idx').on(table.createdAt)],
)
