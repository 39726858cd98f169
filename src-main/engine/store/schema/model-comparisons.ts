import { boolean, doublePrecision, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey } from './columns'

/**
 * One model's answer inside a Trading Decision run (the A/B record), with the later price
 * outcomes filled in so models can be compared on hit rate.
 */
export const modelComparisons = pgTable(
  'model_comparisons',
  {
    id: uuidPrimaryKey(),
    decisionId: uuid('decision_id').notNull(),
    correlationId: text('correlation_id').notNull(),
    symbol: text('symbol').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    createdAt: instant('created_at').notNull(),
    action: text('action'),
    confidence: doublePrecision('confidence'),
    entryPrice: decimal('entry_price'),
    stopLoss: decimal('stop_loss'),
    takeProfit: decimal('take_profit'),
    latencyMs: integer('latency_ms').notNull(),
    costUsd: decimal('cost_usd').notNull(),
    isValid: boolean('is_valid').notNull(),
    /** False for a model never asked (no API key, skipped as unhealthy): no vote, no latency. */
    wasAsked: boolean('was_asked').notNull().default(true),
    /** The baseline model (rules): compared like the others, kept out of the consensus. */
    isBaseline: boolean('is_baseline').notNull().default(false),
    error: text('error'),
    agreedWithConsensus: boolean('agreed_with_consensus'),
    priceAtDecision: decimal('price_at_decision'),
    priceAfter1h: decimal('price_after_1h'),
    priceAfter4h: decimal('price_after_4h'),
    priceAfter24h: decimal('price_after_24h'),
    correctAfter1h: boolean('correct_after_1h'),
    correctAfter4h: boolean('correct_after_4h'),
    correctAfter24h: boolean('correct_after_24h'),
  },
  (table) => [
    index('model_comparisons_model_created_idx').on(table.model, table.createdAt),
    index('model_comparisons_decision_idx').on(table.decisionId),
  ],
)
