import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey } from './columns'

/** Every agent run: what was asked of which model, what came back, and whether it was valid. */
export const agentOutputs = pgTable(
  'agent_outputs',
  {
    id: uuidPrimaryKey(),
    agent: text('agent').notNull(),
    symbol: text('symbol'),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    correlationId: text('correlation_id'),
    createdAt: instant('created_at').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costUsd: decimal('cost_usd').notNull(),
    rawText: text('raw_text').notNull(),
    output: jsonb('output'),
    isValid: boolean('is_valid').notNull(),
    error: text('error'),
  },
  (table) => [
    index('agent_outputs_agent_symbol_created_idx').on(table.agent, table.symbol, table.createdAt),
    index('agent_outputs_correlation_idx').on(table.correlationId),
  ],
)
