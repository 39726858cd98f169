import type Decimal from 'decimal.js'
import type { TopicPayload } from '../bus'
import type { AgentViews } from './agent-views'
import type { RiskVerdict, TradeProposal } from './ports'

/** The kinds of conflict the coordinator resolves (seed 003 section 3.2, ADR-004). */
export const CONFLICT_TYPES = [
  'ta_sentiment',
  'regime_choppy',
  'risk_modification',
  'correlated_symbols',
] as const

export type ConflictType = (typeof CONFLICT_TYPES)[number]

/** One detected conflict, as logged to conflict_resolution_log and shown to the LLM. */
export interface Conflict {
  readonly type: ConflictType
  readonly description: string
  readonly details: Readonly<Record<string, unknown>>
}

/** A recent active signal on another symbol of the same correlation group. */
export interface PeerSignal {
  readonly symbol: string
  readonly action: 'BUY' | 'SELL'
  readonly at: number
}

/** Thresholds of detection. */
export interface DetectionThresholds {
  /** A TA/sentiment disagreement with a confidence difference below this is a conflict. */
  readonly invokeLlmThreshold: number
}

type TradingSignal = Readonly<TopicPayload<'trading_signals'>>

/**
 * Returns the conflicts of an opening signal (BUY or SELL) before risk validation:
 * - TA bias against sentiment (long vs bearish, short vs bullish) with confidences closer
 *   than `invokeLlmThreshold`;
 * - a choppy regime;
 * - the same direction on a correlated symbol at the same time (`peers`, already limited
 *   to the correlation group and window).
 */
export function detectSignalConflicts(
  signal: TradingSignal,
  views: AgentViews,
  peers: readonly PeerSignal[],
  thresholds: DetectionThresholds,
): Conflict[] {
  const conflicts: Conflict[] = []
  const { ta, sentiment, regime } = views
  if (ta && sentiment) {
    const isOpposed =
      (ta.bias === 'long' && sentiment.bias === 'bearish') ||
      (ta.bias === 'short' && sentiment.bias === 'bullish')
    const difference = round(Math.abs(ta.confidence - sentiment.confidence))
    if (isOpposed && difference < thresholds.invokeLlmThreshold) {
      conflicts.push({
        type: 'ta_sentiment',
        description: `TA bias=${ta.bias} against sentiment bias=${sentiment.bias} confidence_diff=${difference}`,
        details: {
          ta_bias: ta.bias,
          ta_confidence: ta.confidence,
          sentiment_bias: sentiment.bias,
          sentiment_confidence: sentiment.confidence,
          confidence_diff: difference,
        },
      })
    }
  }
  if (regime && regime.regime === 'choppy' && signal.action !== 'HOLD') {
    conflicts.push({
      type: 'regime_choppy',
      description: `regime=choppy with an active signal action=${signal.action}`,
      details: {
        regime: regime.regime,
        regime_confidence: regime.confidence,
        action: signal.action,
      },
    })
  }
  const sameDirection = peers.filter(
    (peer) => peer.symbol !== signal.symbol && peer.action === signal.action,
  )
  if (sameDirection.length > 0) {
    const symbols = sameDirection.map((peer) => peer.symbol)
    conflicts.push({
      type: 'correlated_symbols',
      description: `same action=${signal.action} on correlated symbols=${[signal.symbol, ...symbols].join(',')}`,
      details: { action: signal.action, symbol: signal.symbol, correlated: symbols },
    })
  }
  return conflicts
}

/**
 * Returns a conflict when the risk engine changed the size of a proposal by more than
 * `ratio` of the original (seed 003 "Risk engine modified trade significantly"), or null.
 * A proposal without a size (sized by the risk engine) cannot be modified significantly.
 */
export function detectRiskModification(
  original: TradeProposal,
  verdict: RiskVerdict,
  ratio: number,
): Conflict | null {
  if (verdict.status !== 'MODIFIED') return null
  const before = original.size
  const after = verdict.proposal.size
  if (before === null || before.isZero() || after === null) return null
  const change = (after as Decimal).minus(before).abs().div(before).toNumber()
  if (change <= ratio) return null
  return {
    type: 'risk_modification',
    description: `risk engine changed size from=${before.toFixed()} to=${after.toFixed()} change=${round(change)}`,
    details: {
      size_before: before.toFixed(),
      size_after: after.toFixed(),
      change_ratio: round(change),
      leverage_before: original.leverage,
      leverage_after: verdict.proposal.leverage,
      reasons: [...verdict.reasons],
    },
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}
