import { describe, expect, it } from 'vitest'
import {
  decimalString,
  isTopic,
  MessagePriority,
  positiveDecimalString,
  PRIORITIES_MOST_URGENT_FIRST,
  REGIMES,
  TOPIC_SCHEMAS,
  TOPICS,
  Topics,
} from '../../../src-main/engine/bus'

describe('topics', () => {
  it('names the nine topics of seed 003 in one place', () => {
    expect(TOPICS).toEqual([
      'market_data',
      'ta_signals',
      'regime_updates',
      'sentiment_updates',
      'trading_signals',
      'risk_alerts',
      'execution_events',
      'portfolio_updates',
      'system_events',
    ])
    expect(Object.keys(TOPIC_SCHEMAS).sort()).toEqual([...TOPICS].sort())
    expect(isTopic(Topics.RISK_ALERTS)).toBe(true)
    expect(isTopic('risk')).toBe(false)
    expect(isTopic(3)).toBe(false)
  })

  it('orders priorities most urgent first', () => {
    expect(PRIORITIES_MOST_URGENT_FIRST).toEqual([
      MessagePriority.URGENT,
      MessagePriority.HIGH,
      MessagePriority.NORMAL,
      MessagePriority.LOW,
    ])
  })
})

describe('topic payload schemas', () => {
  // The seed 003 "Agent Message Types" examples, prices turned into decimal strings.
  it.each([
    ['market_data', { symbol: 'BTC/USDT', price: '45250.5', timeframe: '1h', candles: [] }],
    [
      'ta_signals',
      {
        symbol: 'BTC/USDT',
        trend_direction: 'bullish',
        trend_strength: 0.72,
        momentum_score: 0.45,
        bias: 'long',
        confidence: 0.68,
        key_levels: { support: ['44000'], resistance: ['47000.5'] },
      },
    ],
    [
      'regime_updates',
      {
        symbol: 'BTC/USDT',
        regime: 'trending_bull',
        confidence: 0.78,
        position_size_multiplier: 1.0,
        entry_strictness: 'normal',
      },
    ],
    ['sentiment_updates', { symbol: 'XRP/USDT', bias: 'bearish', confidence: 0.6 }],
    [
      'trading_signals',
      {
        symbol: 'BTC/USDT',
        action: 'BUY',
        confidence: 0.72,
        entry_price: '45250.0',
        stop_loss_pct: 2.0,
        take_profit_pct: 4.0,
        leverage: 2,
      },
    ],
    [
      'risk_alerts',
      {
        alert_type: 'circuit_breaker',
        severity: 'high',
        message: 'Daily loss limit reached',
        action_required: 'halt_trading',
      },
    ],
    [
      'execution_events',
      {
        event_type: 'order_filled',
        order_id: 'ord_123',
        symbol: 'BTC/USDT',
        side: 'buy',
        size: '0.05',
        fill_price: '45250.0',
      },
    ],
    ['portfolio_updates', { event_type: 'rebalance_trade_executed', data: { asset: 'BTC' } }],
    [
      'system_events',
      { event_type: 'degradation_recovered', data: { from: 'REDUCED', to: 'NORMAL' } },
    ],
  ] as const)('accepts the seed example for %s', (topic, payload) => {
    expect(TOPIC_SCHEMAS[topic].safeParse(payload).success).toBe(true)
  })

  it('knows the seven regimes', () => {
    expect(REGIMES).toHaveLength(7)
    for (const regime of REGIMES) {
      const result = TOPIC_SCHEMAS.regime_updates.safeParse({
        symbol: 'BTC/USDT',
        regime,
        confidence: 0.5,
        position_size_multiplier: 0.5,
        entry_strictness: 'strict',
      })
      expect(result.success).toBe(true)
    }
  })

  it.each([
    ['45250.5', true, true],
    ['45250', true, true],
    ['0.00000001', true, true],
    ['1e-8', true, true],
    ['2.5E+3', true, true],
    ['0', true, false],
    ['0.000', true, false],
    ['-3.5', true, false],
    ['', false, false],
    ['1.', false, false],
    ['.5', false, false],
    ['1,000', false, false],
    ['NaN', false, false],
    ['Infinity', false, false],
  ])('reads %j as decimal=%s positive=%s', (text, isDecimal, isPositive) => {
    expect(decimalString.safeParse(text).success).toBe(isDecimal)
    expect(positiveDecimalString.safeParse(text).success).toBe(isPositive)
  })

  it('rejects non-finite numbers for scores', () => {
    const base = { symbol: 'BTC/USDT', bias: 'neutral', confidence: 0.5 }
    expect(
      TOPIC_SCHEMAS.sentiment_updates.safeParse({ ...base, confidence: Number.NaN }).success,
    ).toBe(false)
    expect(
      TOPIC_SCHEMAS.sentiment_updates.safeParse({ ...base, confidence: Infinity }).success,
    ).toBe(false)
  })
})
