import { describe, expect, it } from 'vitest'
import {
  buildConsensus,
  consensusVotes,
  type AgentViews,
  type ConsensusVote,
} from '../../../src-main/engine/coordinator'

const vote = (
  agent: ConsensusVote['agent'],
  stance: ConsensusVote['stance'],
  confidence: number,
): ConsensusVote => ({ agent, stance, confidence })

describe('consensus multiplier (seed 001 v1.1)', () => {
  it.each([
    // 66 %+ agreement: 1.0 + 0.3 × mean confidence of the agreeing agents.
    {
      name: '3 of 3 agree, fully confident',
      votes: [
        vote('technical_analysis', 'agree', 1),
        vote('regime_detection', 'agree', 1),
        vote('sentiment', 'agree', 1),
      ],
      agreement: 1,
      multiplier: 1.3,
    },
    {
      name: '3 of 3 agree at 0.5',
      votes: [
        vote('technical_analysis', 'agree', 0.5),
        vote('regime_detection', 'agree', 0.5),
        vote('sentiment', 'agree', 0.5),
      ],
      agreement: 1,
      multiplier: 1.15,
    },
    {
      name: '2 of 3 agree (66.7 %)',
      votes: [
        vote('technical_analysis', 'agree', 0.8),
        vote('regime_detection', 'agree', 0.6),
        vote('sentiment', 'disagree', 0.9),
      ],
      agreement: 2 / 3,
      multiplier: 1.21,
    },
    {
      name: '2 of 2 agree, no sentiment',
      votes: [vote('technical_analysis', 'agree', 0.7), vote('regime_detection', 'agree', 0.7)],
      agreement: 1,
      multiplier: 1.21,
    },
    // 33–66 %: neutral.
    {
      name: '1 of 2 agree (50 %)',
      votes: [vote('technical_analysis', 'agree', 0.9), vote('regime_detection', 'disagree', 0.9)],
      agreement: 0.5,
      multiplier: 1,
    },
    {
      name: '1 of 3 agree (33.3 %)',
      votes: [
        vote('technical_analysis', 'agree', 0.9),
        vote('regime_detection', 'disagree', 0.9),
        vote('sentiment', 'disagree', 0.9),
      ],
      agreement: 1 / 3,
      multiplier: 1,
    },
    // < 33 %: 1.0 − 0.15 × mean confidence of the disagreeing agents.
    {
      name: '0 of 3 agree, all against at 1.0',
      votes: [
        vote('technical_analysis', 'disagree', 1),
        vote('regime_detection', 'disagree', 1),
        vote('sentiment', 'disagree', 1),
      ],
      agreement: 0,
      multiplier: 0.85,
    },
    {
      name: '0 of 3 agree, two against at 0.8, one neutral',
      votes: [
        vote('technical_analysis', 'disagree', 0.8),
        vote('regime_detection', 'neutral', 0.5),
        vote('sentiment', 'disagree', 0.8),
      ],
      agreement: 0,
      multiplier: 0.88,
    },
    {
      name: 'all neutral: nothing agrees, nothing objects',
      votes: [vote('technical_analysis', 'neutral', 0.9), vote('regime_detection', 'neutral', 0.9)],
      agreement: 0,
      multiplier: 1,
    },
    { name: 'no agent has spoken', votes: [], agreement: 1, multiplier: 1 },
  ])('$name → ×$multiplier', ({ votes, agreement, multiplier }) => {
    const consensus = buildConsensus(votes)
    expect(consensus.agreement).toBeCloseTo(agreement, 10)
    expect(consensus.multiplier).toBe(multiplier)
    expect(consensus.multiplier).toBeGreaterThanOrEqual(0.85)
    expect(consensus.multiplier).toBeLessThanOrEqual(1.3)
  })
})

describe('consensus votes', () => {
  const views = (overrides: Partial<AgentViews>): AgentViews => ({
    ta: null,
    regime: null,
    sentiment: null,
    ...overrides,
  })
  const ta = (bias: 'long' | 'short' | 'neutral') => ({
    symbol: 'BTC/USDT',
    trend_direction: 'bullish' as const,
    trend_strength: 0.5,
    bias,
    confidence: 0.6,
  })
  const regime = (name: NonNullable<AgentViews['regime']>['regime']) => ({
    symbol: 'BTC/USDT',
    regime: name,
    confidence: 0.7,
    position_size_multiplier: 1,
    entry_strictness: 'normal' as const,
  })
  const sentiment = (bias: 'bullish' | 'bearish' | 'neutral') => ({
    symbol: 'BTC/USDT',
    bias,
    confidence: 0.4,
  })

  it.each([
    { action: 'BUY', ta: 'long', expected: 'agree' },
    { action: 'BUY', ta: 'short', expected: 'disagree' },
    { action: 'SELL', ta: 'short', expected: 'agree' },
    { action: 'SELL', ta: 'long', expected: 'disagree' },
    { action: 'BUY', ta: 'neutral', expected: 'neutral' },
  ] as const)('TA $ta on $action: $expected', ({ action, ta: bias, expected }) => {
    expect(consensusVotes(action, views({ ta: ta(bias) }))).toEqual([
      { agent: 'technical_analysis', stance: expected, confidence: 0.6 },
    ])
  })

  it.each([
    { regime: 'trending_bull', buy: 'agree', sell: 'disagree' },
    { regime: 'volatile_bull', buy: 'agree', sell: 'disagree' },
    { regime: 'trending_bear', buy: 'disagree', sell: 'agree' },
    { regime: 'volatile_bear', buy: 'disagree', sell: 'agree' },
    { regime: 'choppy', buy: 'disagree', sell: 'disagree' },
    { regime: 'ranging', buy: 'neutral', sell: 'neutral' },
    { regime: 'breakout_potential', buy: 'neutral', sell: 'neutral' },
  ] as const)('regime $regime: BUY $buy, SELL $sell', ({ regime: name, buy, sell }) => {
    expect(consensusVotes('BUY', views({ regime: regime(name) }))[0]?.stance).toBe(buy)
    expect(consensusVotes('SELL', views({ regime: regime(name) }))[0]?.stance).toBe(sell)
  })

  it.each([
    { bias: 'bullish', buy: 'agree', sell: 'disagree' },
    { bias: 'bearish', buy: 'disagree', sell: 'agree' },
    { bias: 'neutral', buy: 'neutral', sell: 'neutral' },
  ] as const)('sentiment $bias: BUY $buy, SELL $sell', ({ bias, buy, sell }) => {
    expect(consensusVotes('BUY', views({ sentiment: sentiment(bias) }))[0]?.stance).toBe(buy)
    expect(consensusVotes('SELL', views({ sentiment: sentiment(bias) }))[0]?.stance).toBe(sell)
  })

  it('skips agents without output', () => {
    expect(consensusVotes('BUY', views({}))).toEqual([])
    expect(
      consensusVotes('BUY', views({ ta: ta('long'), sentiment: sentiment('bullish') })).map(
        (each) => each.agent,
      ),
    ).toEqual(['technical_analysis', 'sentiment'])
  })
})
