import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  conflictResolutionOutputSchema,
  portfolioStrategyOutputSchema,
  sentimentOutputSchema,
  tradingDecisionOutputSchema,
  type RegimeOutput,
  type TechnicalAnalysisOutput,
} from '../../../../src-main/engine/agents/output-schemas'
import {
  conflictResolutionByRules,
  portfolioStrategyByRules,
  sentimentByRules,
  tradingDecisionByRules,
} from '../../../../src-main/engine/llm/rules/decision-rules'
import { aSnapshot, BEARISH_INDICATORS, BULLISH_INDICATORS } from '../../../helpers/llm/snapshots'

const ta = (
  bias: TechnicalAnalysisOutput['bias'],
  confidence: number,
): TechnicalAnalysisOutput => ({
  trend_direction: bias === 'long' ? 'bullish' : bias === 'short' ? 'bearish' : 'neutral',
  trend_strength: 0.6,
  momentum_score: 0.3,
  bias,
  confidence,
  key_levels: { support: [], resistance: [] },
})

const regime = (name: RegimeOutput['regime'], confidence = 0.8): RegimeOutput => ({
  regime: name,
  confidence,
  position_size_multiplier: 1,
  entry_strictness: 'normal',
})

describe('tradingDecisionByRules', () => {
  it('buys a confident long bias with stops at 2 ATR and targets at 3 ATR', () => {
    const output = tradingDecisionByRules(aSnapshot(), ta('long', 0.7), regime('trending_bull'))
    expect(output).toMatchObject({
      action: 'BUY',
      entry_price: '50000',
      stop_loss: '48800',
      take_profit: '51800',
      leverage: 1,
      confidence: 0.63,
    })
    expect(tradingDecisionOutputSchema.parse(output)).toEqual(output)
  })

  it('sells a confident short bias outside bull regimes', () => {
    const output = tradingDecisionByRules(aSnapshot(), ta('short', 0.7), regime('ranging'))
    expect(output).toMatchObject({ action: 'SELL', stop_loss: '51200', take_profit: '48200' })
  })

  it.each([
    ['long', 'trending_bull', BULLISH_INDICATORS],
    ['short', 'ranging', BEARISH_INDICATORS],
  ] as const)(
    'rounds a %s stop toward the entry and its target away, keeping reward/risk at 1.5',
    (bias, market, indicators) => {
      // Eight significant digits of these levels would round the ratio to just under 1.5.
      const snapshot = aSnapshot({ ...indicators, atr: 0.00123456789 }, { price: '0.56789' })
      const output = tradingDecisionByRules(snapshot, ta(bias, 0.7), regime(market))
      const entry = new Decimal(output.entry_price!)
      const risk = entry.minus(output.stop_loss!).abs()
      const reward = entry.minus(output.take_profit!).abs()
      expect(reward.gte(risk.times(1.5))).toBe(true)
      expect(reward.div(risk).toNumber()).toBeCloseTo(1.5, 4)
    },
  )

  it('uses 2 % and 4 % when ATR is unknown', () => {
    const snapshot = aSnapshot({ ...BULLISH_INDICATORS, atr: null })
    const output = tradingDecisionByRules(snapshot, ta('long', 0.7), regime('trending_bull'))
    expect(output).toMatchObject({ stop_loss: '49000', take_profit: '52000' })
  })

  it.each<[string, TechnicalAnalysisOutput, RegimeOutput]>([
    ['a choppy regime', ta('long', 0.9), regime('choppy')],
    ['a weak bias', ta('long', 0.4), regime('trending_bull')],
    ['a neutral bias', ta('neutral', 0.9), regime('trending_bull')],
    ['a long bias in a bear trend', ta('long', 0.9), regime('trending_bear')],
    ['a short bias in a volatile bull', ta('short', 0.9), regime('volatile_bull')],
  ])('holds on %s', (_label, analysis, market) => {
    const output = tradingDecisionByRules(aSnapshot(), analysis, market)
    expect(output.action).toBe('HOLD')
    expect(output.entry_price).toBeUndefined()
    expect(output.reasoning).toMatch(/^rules: /)
  })

  it('computes TA and regime itself when none are given', () => {
    expect(tradingDecisionByRules(aSnapshot(BULLISH_INDICATORS)).action).toBe('BUY')
    expect(tradingDecisionByRules(aSnapshot(BEARISH_INDICATORS)).action).toBe('SELL')
  })

  it('never proposes a stop at or below zero', () => {
    const snapshot = aSnapshot({ ...BEARISH_INDICATORS, atr: 30_000 })
    const output = tradingDecisionByRules(snapshot, ta('long', 0.9), regime('ranging'))
    expect(output.stop_loss).toBe('0.00000001')
  })
})

describe('other rules answers', () => {
  it('has no sentiment source', () => {
    const output = sentimentByRules()
    expect(output).toMatchObject({ bias: 'neutral', confidence: 0 })
    expect(sentimentOutputSchema.parse(output)).toEqual(output)
  })

  it('waits on a conflict', () => {
    const output = conflictResolutionByRules(['ta_sentiment_conflict', 'regime_conflict'])
    expect(output).toMatchObject({ action: 'wait', modifications: null })
    expect(output.reasoning).toContain('ta_sentiment_conflict, regime_conflict')
    expect(conflictResolutionOutputSchema.parse(output)).toEqual(output)
  })

  it('uses the default rebalance strategy, flagged as a fallback', () => {
    const output = portfolioStrategyByRules()
    expect(output).toMatchObject({
      execution_strategy: 'limit',
      sells_first: true,
      used_fallback_strategy: true,
    })
    expect(portfolioStrategyOutputSchema.parse(output)).toEqual(output)
  })
})
