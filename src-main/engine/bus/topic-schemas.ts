import { z } from 'zod'
import type { Topic } from './topics'

/*
 * Payload schemas per topic, after seed 003 "Agent Message Types". Field names follow the
 * seed (snake_case). Objects are loose: producers may add fields, but the listed required
 * fields are enforced. Prices and quantities are decimal strings (decimal.js `toString()`
 * output, exponent form included), never numbers; ratios, scores and confidences are numbers.
 */

/** A decimal number written as a string: `"45250.5"`, `"-3"`, `"1e-8"`. */
export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/, 'expected a decimal string such as "45250.5"')

/** A strictly positive decimal string: prices and sizes. */
export const positiveDecimalString = z
  .string()
  .regex(
    /^(?=[^eE]*[1-9])\d+(\.\d+)?([eE][+-]?\d+)?$/,
    'expected a positive decimal string such as "45250.5"',
  )

/** A trading pair written BASE/QUOTE, such as `"BTC/USDT"`. */
export const symbolString = z
  .string()
  .regex(/^[A-Z0-9]{2,}\/[A-Z0-9]{2,}$/, 'expected a symbol such as "BTC/USDT"')

const unitInterval = z.number().min(0).max(1)
const nonEmpty = z.string().min(1)

/** The seven market regimes of the Regime Detection agent. */
export const REGIMES = [
  'trending_bull',
  'trending_bear',
  'ranging',
  'volatile_bull',
  'volatile_bear',
  'choppy',
  'breakout_potential',
] as const
export type Regime = (typeof REGIMES)[number]

export const TREND_DIRECTIONS = ['bullish', 'bearish', 'neutral'] as const
export const TA_BIASES = ['long', 'short', 'neutral'] as const
export const SENTIMENT_BIASES = ['bullish', 'bearish', 'neutral'] as const
export const ENTRY_STRICTNESS = ['relaxed', 'normal', 'strict', 'very_strict'] as const
export const TRADE_ACTIONS = ['BUY', 'SELL', 'HOLD', 'CLOSE'] as const
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export const ORDER_SIDES = ['buy', 'sell'] as const

/** market_data: a market snapshot or tick for one symbol; the market issue adds fields. */
export const marketDataPayload = z.looseObject({
  symbol: symbolString,
  price: positiveDecimalString.optional(),
  timeframe: nonEmpty.optional(),
})

/** ta_signals: the Technical Analysis agent's output. */
export const taSignalPayload = z.looseObject({
  symbol: symbolString,
  trend_direction: z.enum(TREND_DIRECTIONS),
  trend_strength: unitInterval,
  bias: z.enum(TA_BIASES),
  confidence: unitInterval,
  momentum_score: z.number().min(-1).max(1).optional(),
  key_levels: z
    .looseObject({
      support: z.array(positiveDecimalString).optional(),
      resistance: z.array(positiveDecimalString).optional(),
    })
    .optional(),
  timeframe: nonEmpty.optional(),
})

/** regime_updates: the Regime Detection agent's classification. */
export const regimeUpdatePayload = z.looseObject({
  symbol: symbolString,
  regime: z.enum(REGIMES),
  confidence: unitInterval,
  position_size_multiplier: z.number().min(0),
  entry_strictness: z.enum(ENTRY_STRICTNESS),
})

/** sentiment_updates: the Sentiment agent's reading. */
export const sentimentUpdatePayload = z.looseObject({
  symbol: symbolString,
  bias: z.enum(SENTIMENT_BIASES),
  confidence: unitInterval,
})

/** trading_signals: the Trading Decision agent's decision. */
export const tradingSignalPayload = z.looseObject({
  symbol: symbolString,
  action: z.enum(TRADE_ACTIONS),
  confidence: unitInterval,
  entry_price: positiveDecimalString.optional(),
  stop_loss: positiveDecimalString.optional(),
  take_profit: positiveDecimalString.optional(),
  stop_loss_pct: z.number().min(0).optional(),
  take_profit_pct: z.number().min(0).optional(),
  position_size_pct: z.number().min(0).max(100).optional(),
  leverage: z.number().int().min(1).optional(),
  reasoning: z.string().optional(),
})

/** risk_alerts: a notification from the risk engine, such as a tripped circuit breaker. */
export const riskAlertPayload = z.looseObject({
  alert_type: nonEmpty,
  severity: z.enum(ALERT_SEVERITIES),
  message: nonEmpty,
  action_required: nonEmpty.optional(),
  symbol: symbolString.optional(),
})

/** execution_events: an order's progress, from the order manager. */
export const executionEventPayload = z.looseObject({
  event_type: nonEmpty,
  order_id: nonEmpty,
  symbol: symbolString.optional(),
  side: z.enum(ORDER_SIDES).optional(),
  size: positiveDecimalString.optional(),
  fill_price: positiveDecimalString.optional(),
  status: nonEmpty.optional(),
})

/** portfolio_updates: a portfolio state change; `data` is free-form. */
export const portfolioUpdatePayload = z.looseObject({
  event_type: nonEmpty,
  data: z.record(z.string(), z.unknown()).optional(),
})

/** system_events: engine-wide events (state changes, degradation, recovery); `data` is free-form. */
export const systemEventPayload = z.looseObject({
  event_type: nonEmpty,
  data: z.record(z.string(), z.unknown()).optional(),
})

/** The payload schema of each topic. */
export const TOPIC_SCHEMAS = {
  market_data: marketDataPayload,
  ta_signals: taSignalPayload,
  regime_updates: regimeUpdatePayload,
  sentiment_updates: sentimentUpdatePayload,
  trading_signals: tradingSignalPayload,
  risk_alerts: riskAlertPayload,
  execution_events: executionEventPayload,
  portfolio_updates: portfolioUpdatePayload,
  system_events: systemEventPayload,
} as const satisfies Record<Topic, z.ZodType>

/** The validated payload of a topic, as subscribers see it. */
export type TopicPayload<T extends Topic> = z.output<(typeof TOPIC_SCHEMAS)[T]>

/** What a publisher may pass as the payload of a topic. */
export type TopicPayloadInput<T extends Topic> = z.input<(typeof TOPIC_SCHEMAS)[T]>
