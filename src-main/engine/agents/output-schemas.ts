import Decimal from 'decimal.js'
import { z } from 'zod'

/*
 * What each agent asks its models to answer, after seed 003 "Agent Message Types".
 * Field names are the seed's snake_case, so a valid answer maps onto the bus payload
 * with the symbol added. Prices may come back as numbers or strings and leave as
 * canonical decimal strings.
 */

export const TREND_DIRECTIONS = ['bullish', 'bearish', 'neutral'] as const
export const TA_BIASES = ['long', 'short', 'neutral'] as const
export const SENTIMENT_BIASES = ['bullish', 'bearish', 'neutral'] as const
export const REGIMES = [
  'trending_bull',
  'trending_bear',
  'ranging',
  'volatile_bull',
  'volatile_bear',
  'choppy',
  'breakout_potential',
] as const
export const ENTRY_STRICTNESS = ['relaxed', 'normal', 'strict'] as const
export const TRADE_ACTIONS = ['BUY', 'SELL', 'HOLD', 'CLOSE'] as const
export const CONFLICT_ACTIONS = ['proceed', 'wait', 'modify', 'abort'] as const

export type Regime = (typeof REGIMES)[number]
export type TradeAction = (typeof TRADE_ACTIONS)[number]

const unit = z.number().min(0).max(1)

/** A positive decimal string in the form decimal.js's `toFixed()` prints: no exponent, no extra zeros. */
const CANONICAL_POSITIVE_DECIMAL = /^(?:[1-9]\d*(?:\.\d*[1-9])?|0\.\d*[1-9])$/

/** A positive price written as a number or a string, returned as a canonical decimal string. */
export const priceValue = z.union([z.number(), z.string()]).transform((value, context) => {
  // Already canonical (every rules answer, most model answers): it is its own result, and a
  // replay validates thousands of them a second.
  if (typeof value === 'string' && CANONICAL_POSITIVE_DECIMAL.test(value)) return value
  try {
    const decimal = new Decimal(value)
    if (decimal.isFinite() && decimal.greaterThan(0)) return decimal.toFixed()
  } catch {
    // fall through to the issue below
  }
  context.addIssue({ code: 'custom', message: 'expected a positive price' })
  return z.NEVER
})

const reasoning = z.string().max(4000).optional()

/** Technical Analysis: trend, momentum, key levels, bias (seed 003 ta_signals). */
export const technicalAnalysisOutputSchema = z.object({
  trend_direction: z.enum(TREND_DIRECTIONS),
  trend_strength: unit,
  momentum_score: z.number().min(-1).max(1),
  bias: z.enum(TA_BIASES),
  confidence: unit,
  key_levels: z
    .object({
      support: z.array(priceValue).max(8).default([]),
      resistance: z.array(priceValue).max(8).default([]),
    })
    .default({ support: [], resistance: [] }),
  reasoning,
})
export type TechnicalAnalysisOutput = z.output<typeof technicalAnalysisOutputSchema>

/** Regime Detection: one of seven regimes and how to size and enter in it (seed 003 regime_updates). */
export const regimeOutputSchema = z.object({
  regime: z.enum(REGIMES),
  confidence: unit,
  position_size_multiplier: z.number().min(0).max(2),
  entry_strictness: z.enum(ENTRY_STRICTNESS),
  reasoning,
})
export type RegimeOutput = z.output<typeof regimeOutputSchema>

/** Sentiment: market mood for the symbol (seed 003 sentiment_updates). */
export const sentimentOutputSchema = z.object({
  bias: z.enum(SENTIMENT_BIASES),
  confidence: unit,
  reasoning,
})
export type SentimentOutput = z.output<typeof sentimentOutputSchema>

/** Trading Decision: one model's vote (seed 003 trading_signals). */
export const tradingDecisionOutputSchema = z.object({
  action: z.enum(TRADE_ACTIONS),
  confidence: unit,
  entry_price: priceValue.optional(),
  stop_loss: priceValue.optional(),
  take_profit: priceValue.optional(),
  leverage: z.number().int().min(1).max(10).default(1),
  position_size_pct: z.number().min(0).max(100).optional(),
  reasoning,
})
export type TradingDecisionOutput = z.output<typeof tradingDecisionOutputSchema>

/** Coordinator conflict resolution (seed 001 ConflictResolution). */
export const conflictResolutionOutputSchema = z.object({
  action: z.enum(CONFLICT_ACTIONS),
  confidence: unit,
  reasoning: z.string().max(4000),
  modifications: z.record(z.string(), z.unknown()).nullish(),
})
export type ConflictResolutionOutput = z.output<typeof conflictResolutionOutputSchema>

/** Portfolio rebalance execution strategy (seed 001: limit/market, sequencing). */
export const portfolioStrategyOutputSchema = z.object({
  execution_strategy: z.enum(['limit', 'market']),
  sells_first: z.boolean(),
  reasoning: z.string().max(4000),
  /** True when the default strategy was used instead of a model's (seed 001 v1.4). */
  used_fallback_strategy: z.boolean().default(false),
})
export type PortfolioStrategyOutput = z.output<typeof portfolioStrategyOutputSchema>
