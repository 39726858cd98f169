import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  detectRiskModification,
  detectSignalConflicts,
  type AgentViews,
  type PeerSignal,
  type TradeProposal,
  type TradingSignal,
} from '../../../src-main/engine/coordinator'

const signal = (action: TradingSignal['action'] = 'BUY', symbol = 'BTC/USDT'): TradingSignal => ({
  symbol,
  action,
  confidence: 0.7,
})
const ta = (bias: 'long' | 'short' | 'neutral', confidence: number) => ({
  symbol: 'BTC/USDT',
  trend_direction: 'bullish' as const,
  trend_strength: 0.5,
  bias,
  confidence,
})
const sentiment = (bias: 'bullish' | 'bearish' | 'neutral', confidence: number) => ({
  symbol: 'BTC/USDT',
  bias,
  confidence,
})
const regime = (name: 'choppy' | 'trending_bull') => ({
  symbol: 'BTC/USDT',
  regime: name,
  confidence: 0.8,
  position_size_multiplier: 1,
  entry_strictness: 'normal' as const,
})
const views = (overrides: Partial<AgentViews>): AgentViews => ({
  ta: null,
  regime: null,
  sentiment: null,
  ...overrides,
})
const THRESHOLDS = { invokeLlmThreshold: 0.2 }

describe('conflict detection', () => {
  it.each([
    { ta: ['long', 0.6], sentiment: ['bearish', 0.5], isConflict: true, diff: 0.1 },
    { ta: ['short', 0.5], sentiment: ['bullish', 0.6], isConflict: true, diff: 0.1 },
    { ta: ['long', 0.7], sentiment: ['bearish', 0.5], isConflict: false, diff: 0.2 }, // at the threshold
    { ta: ['long', 0.9], sentiment: ['bearish', 0.4], isConflict: false, diff: 0.5 }, // TA clearly stronger
    { ta: ['long', 0.6], sentiment: ['bullish', 0.6], isConflict: false, diff: 0 }, // agreement
    { ta: ['neutral', 0.6], sentiment: ['bearish', 0.6], isConflict: false, diff: 0 },
    { ta: ['short', 0.6], sentiment: ['neutral', 0.6], isConflict: false, diff: 0 },
  ] as const)(
    'TA $ta vs sentiment $sentiment: conflict=$isConflict',
    ({ ta: [taBias, taConf], sentiment: [sBias, sConf], isConflict, diff }) => {
      const conflicts = detectSignalConflicts(
        signal(),
        views({ ta: ta(taBias, taConf), sentiment: sentiment(sBias, sConf) }),
        [],
        THRESHOLDS,
      )
      if (!isConflict) {
        expect(conflicts).toEqual([])
        return
      }
      expect(conflicts).toEqual([
        {
          type: 'ta_sentiment',
          description: `TA bias=${taBias} against sentiment bias=${sBias} confidence_diff=${diff}`,
          details: {
            ta_bias: taBias,
            ta_confidence: taConf,
            sentiment_bias: sBias,
            sentiment_confidence: sConf,
            confidence_diff: diff,
          },
        },
      ])
    },
  )

  it('needs both TA and sentiment for a TA/sentiment conflict', () => {
    expect(detectSignalConflicts(signal(), views({ ta: ta('long', 0.5) }), [], THRESHOLDS)).toEqual(
      [],
    )
  })

  it.each(['BUY', 'SELL', 'CLOSE'] as const)('a choppy regime conflicts with %s', (action) => {
    const conflicts = detectSignalConflicts(
      signal(action),
      views({ regime: regime('choppy') }),
      [],
      THRESHOLDS,
    )
    expect(conflicts.map((each) => each.type)).toEqual(['regime_choppy'])
    expect(conflicts[0]?.details).toEqual({ regime: 'choppy', regime_confidence: 0.8, action })
  })

  it('a choppy regime does not conflict with HOLD, and a trending one never', () => {
    expect(
      detectSignalConflicts(signal('HOLD'), views({ regime: regime('choppy') }), [], THRESHOLDS),
    ).toEqual([])
    expect(
      detectSignalConflicts(signal(), views({ regime: regime('trending_bull') }), [], THRESHOLDS),
    ).toEqual([])
  })

  it('the same direction on a correlated symbol at once is a conflict; the opposite is not', () => {
    const peers: PeerSignal[] = [{ symbol: 'XRP/USDT', action: 'BUY', at: 1 }]
    expect(detectSignalConflicts(signal('BUY'), views({}), peers, THRESHOLDS)).toEqual([
      {
        type: 'correlated_symbols',
        description: 'same action=BUY on correlated symbols=BTC/USDT,XRP/USDT',
        details: { action: 'BUY', symbol: 'BTC/USDT', correlated: ['XRP/USDT'] },
      },
    ])
    expect(detectSignalConflicts(signal('SELL'), views({}), peers, THRESHOLDS)).toEqual([])
    // The symbol's own earlier signal is not a peer.
    expect(
      detectSignalConflicts(
        signal('BUY'),
        views({}),
        [{ symbol: 'BTC/USDT', action: 'BUY', at: 1 }],
        THRESHOLDS,
      ),
    ).toEqual([])
  })

  it('reports several conflicts at once', () => {
    const conflicts = detectSignalConflicts(
      signal('SELL'),
      views({
        ta: ta('short', 0.55),
        sentiment: sentiment('bullish', 0.6),
        regime: regime('choppy'),
      }),
      [{ symbol: 'XRP/USDT', action: 'SELL', at: 5 }],
      THRESHOLDS,
    )
    expect(conflicts.map((each) => each.type)).toEqual([
      'ta_sentiment',
      'regime_choppy',
      'correlated_symbols',
    ])
  })
})

describe('risk modification conflicts', () => {
  const proposal = (size: string | null): TradeProposal => ({
    symbol: 'BTC/USDT',
    action: 'BUY',
    side: 'long',
    size: size === null ? null : new Decimal(size),
    entryPrice: new Decimal('45000'),
    leverage: 3,
    confidence: 0.7,
  })

  it.each([
    { before: '0.1', after: '0.05', isConflict: true, change: 0.5 },
    { before: '0.1', after: '0.069', isConflict: true, change: 0.31 },
    { before: '0.1', after: '0.07', isConflict: false, change: 0.3 }, // at the ratio
    { before: '0.1', after: '0.09', isConflict: false, change: 0.1 },
  ])('size $before → $after: conflict=$isConflict', ({ before, after, isConflict, change }) => {
    const verdict = {
      status: 'MODIFIED' as const,
      proposal: { ...proposal(after), leverage: 2 },
      reasons: ['POSITION_SIZE: size lowered'],
    }
    const conflict = detectRiskModification(proposal(before), verdict, 0.3)
    if (!isConflict) {
      expect(conflict).toBeNull()
      return
    }
    expect(conflict).toEqual({
      type: 'risk_modification',
      description: `risk engine changed size from=${before} to=${after} change=${change}`,
      details: {
        size_before: before,
        size_after: after,
        change_ratio: change,
        leverage_before: 3,
        leverage_after: 2,
        reasons: ['POSITION_SIZE: size lowered'],
      },
    })
  })

  it('ignores approvals, rejections and proposals the risk engine sized', () => {
    const original = proposal('0.1')
    const changed = proposal('0.01')
    expect(
      detectRiskModification(original, { status: 'APPROVED', proposal: changed, reasons: [] }, 0.3),
    ).toBeNull()
    expect(
      detectRiskModification(original, { status: 'REJECTED', proposal: changed, reasons: [] }, 0.3),
    ).toBeNull()
    expect(
      detectRiskModification(
        proposal(null),
        { status: 'MODIFIED', proposal: changed, reasons: [] },
        0.3,
      ),
    ).toBeNull()
    expect(
      detectRiskModification(
        original,
        { status: 'MODIFIED', proposal: proposal(null), reasons: [] },
        0.3,
      ),
    ).toBeNull()
  })
})
