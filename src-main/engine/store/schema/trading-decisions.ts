import { boolean, doublePrecision, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { decimal, instant, uuidPrimaryKey } from './columns'

/** The consensus of one Trading Decision run across all asked models. */
export const tradingDecisions = pgTable(
  'trading_decisions',
  {
    id: uuidPrimaryKey(),
    correlationId: text('correlation_id').notNull(),
    symbol: text('symbol').notNull(),
    createdAt: instant('created_at').notNull(),
    action: text('action').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    entryPrice: decimal('entry_price'),
    stopLoss: decimal('stop_loss'),
    takeProfit: decimal('take_profit'),
    leverage: integer('leverage').notNull(),
    agreement: doublePrecision('agreement').notNull(),
    votes: jsonb('votes').notNull(),
    reasoning: text('reasoning'),
    /** True when no model answered and the baseline (rules) decided (seed 001 v1.4). */
    usedFallbackStrategy: boolean('used_fallback_strategy').notNull().default(false),
  },
  (table) => [
    index('trading_decisions_symbol_created_idx').on(table.symbol, table.createdAt),
    index('trading_decisions_correlation_idx').on(table.correlationId),
  ],
)
