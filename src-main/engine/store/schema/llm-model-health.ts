import { integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { instant } from './columns'

/**
 * The health of each catalogue LLM as its calls left it, one row per catalogue key, so that a
 * restart does not take a failing model for a healthy one until it is asked again.
 */
export const llmModelHealth = pgTable('llm_model_health', {
  /** The catalogue key (agents.yaml `models`), e.g. `qwen`. */
  model: text('model').primaryKey(),
  /** The provider and model id the key named when saved: health of another model is not restored. */
  provider: text('provider').notNull(),
  modelId: text('model_id').notNull(),
  consecutiveFailures: integer('consecutive_failures').notNull(),
  /** End of the unhealthy spell during which the model is skipped; null when none was started. */
  unhealthyUntil: instant('unhealthy_until'),
  /** The LlmError of the last failed call (kind, message, status, retryAfterMs); null after a success. */
  lastError: jsonb('last_error'),
  lastSuccessAt: instant('last_success_at'),
  updatedAt: instant('updated_at').notNull(),
})
