import type { AgentName, ModelTier } from './llm-types'

/** How much market context a tier of model gets. */
export interface TierProfile {
  /** Timeframes shown, in order; others are left out. */
  readonly timeframes: readonly string[]
  /** Recent candles shown per timeframe. */
  readonly candles: number
  /** Whether the model is asked to explain itself in `reasoning`. */
  readonly asksReasoning: boolean
}

/** Local small models get less to read and a terser task; API models get the full picture. */
export const TIER_PROFILES: Readonly<Record<ModelTier, TierProfile>> = {
  local: { timeframes: ['1h', '4h'], candles: 12, asksReasoning: false },
  api: { timeframes: ['15m', '1h', '4h', '1d'], candles: 48, asksReasoning: true },
}

/** An agent's instructions for each tier. */
export interface AgentTemplate {
  readonly role: string
  readonly local: string
  readonly api: string
}

const JSON_ONLY = 'Answer with one JSON object only: no prose, no code fences.'

/** The system prompt of every agent, per tier. */
export const AGENT_TEMPLATES: Readonly<Record<AgentName, AgentTemplate>> = {
  technical_analysis: {
    role: 'You are the Technical Analysis agent of a crypto trading system.',
    local: `Read the indicators and state trend direction, trend strength, momentum, key support and resistance prices, bias and confidence. ${JSON_ONLY}`,
    api: `Analyse the multi-timeframe indicators and recent candles. Judge the trend (direction and strength 0-1), momentum (-1 bearish to 1 bullish), the nearest support and resistance prices, the resulting bias (long, short or neutral) and your confidence 0-1. Prefer neutral when timeframes disagree. ${JSON_ONLY}`,
  },
  regime_detection: {
    role: 'You are the Regime Detection agent of a crypto trading system.',
    local: `Classify the market into one regime and give confidence, a position size multiplier and entry strictness. ${JSON_ONLY}`,
    api: `Classify the current market regime as exactly one of trending_bull, trending_bear, ranging, volatile_bull, volatile_bear, choppy, breakout_potential. Use ADX for trend strength, ATR % for volatility, the choppiness index and Bollinger width. Give your confidence 0-1, a position size multiplier (1.0 normal, lower in hostile regimes) and entry strictness (relaxed, normal, strict). ${JSON_ONLY}`,
  },
  sentiment: {
    role: 'You are the Sentiment agent of a crypto trading system.',
    local: `State the market sentiment for the symbol (bullish, bearish or neutral) and your confidence. ${JSON_ONLY}`,
    api: `Judge the current market sentiment for the symbol from what you know of news and social mood, and from the price action shown. State the bias (bullish, bearish or neutral) and your confidence 0-1; use low confidence when you lack recent information. ${JSON_ONLY}`,
  },
  trading_decision: {
    role: 'You are one of several independent models voting on a trade for a crypto trading system.',
    local: `Decide BUY, SELL, HOLD or CLOSE with confidence; for BUY or SELL give entry price, stop loss, take profit and leverage 1. ${JSON_ONLY}`,
    api: `Decide one action: BUY, SELL, HOLD or CLOSE (close an open position). Weigh the technical analysis, the regime and the sentiment shown. For BUY or SELL give an entry price, a stop loss and a take profit as prices, and leverage (1 unless the setup is exceptional). Give your confidence 0-1. HOLD when in doubt. ${JSON_ONLY}`,
  },
  coordinator: {
    role: 'You are the Coordinator of a crypto trading system, resolving conflicts between agents.',
    local: `Choose proceed, wait, modify or abort for the conflicting signal, with confidence and reasoning. ${JSON_ONLY}`,
    api: `Agents disagree about a trading signal. Decide whether to proceed, wait, modify (give the modified parameters) or abort, with your confidence 0-1 and a short reasoning. ${JSON_ONLY}`,
  },
  portfolio_rebalance: {
    role: 'You are the Portfolio Rebalancing agent of a crypto trading system.',
    local: `Choose limit or market execution and whether sells go first. ${JSON_ONLY}`,
    api: `Choose how to execute the rebalance trades shown: limit or market orders, and whether sells go before buys to free funds. Give a short reasoning. ${JSON_ONLY}`,
  },
}
