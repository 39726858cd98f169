import type { AgentViews } from './agent-views'

/** How one agent's latest output stands towards a BUY or SELL. */
export type Stance = 'agree' | 'disagree' | 'neutral'

/** One agent's vote in the consensus. */
export interface ConsensusVote {
  readonly agent: 'technical_analysis' | 'regime_detection' | 'sentiment'
  readonly stance: Stance
  readonly confidence: number
}

/** The consensus on one signal and the confidence multiplier it earns. */
export interface Consensus {
  readonly votes: readonly ConsensusVote[]
  /** Agreeing votes over all votes; 1 when no agent has spoken (nothing to go on). */
  readonly agreement: number
  readonly multiplier: number
}

/** At or above this agreement the signal is boosted (seed 001: "66%+"). */
export const BOOST_AGREEMENT = 0.66
/** Below this agreement the signal is reduced (seed 001: "<33%"). */
export const REDUCE_AGREEMENT = 0.33
/** The largest boost and reduction (seed 001: 1.0–1.3× and 0.85–1.0×). */
export const MAX_BOOST = 0.3
export const MAX_REDUCTION = 0.15

const BULL_REGIMES = new Set(['trending_bull', 'volatile_bull'])
const BEAR_REGIMES = new Set(['trending_bear', 'volatile_bear'])

/** Returns the votes of TA, regime and sentiment on a BUY or SELL, skipping agents without output. */
export function consensusVotes(action: 'BUY' | 'SELL', views: AgentViews): ConsensusVote[] {
  const votes: ConsensusVote[] = []
  const isBuy = action === 'BUY'
  if (views.ta) {
    const bias = views.ta.bias
    const stance: Stance =
      bias === 'neutral' ? 'neutral' : (bias === 'long') === isBuy ? 'agree' : 'disagree'
    votes.push({ agent: 'technical_analysis', stance, confidence: views.ta.confidence })
  }
  if (views.regime) {
    const regime = views.regime.regime
    let stance: Stance = 'neutral'
    // Choppy markets argue against any new position; ranging and breakout_potential have no side.
    if (regime === 'choppy') stance = 'disagree'
    else if (BULL_REGIMES.has(regime)) stance = isBuy ? 'agree' : 'disagree'
    else if (BEAR_REGIMES.has(regime)) stance = isBuy ? 'disagree' : 'agree'
    votes.push({ agent: 'regime_detection', stance, confidence: views.regime.confidence })
  }
  if (views.sentiment) {
    const bias = views.sentiment.bias
    const stance: Stance =
      bias === 'neutral' ? 'neutral' : (bias === 'bullish') === isBuy ? 'agree' : 'disagree'
    votes.push({ agent: 'sentiment', stance, confidence: views.sentiment.confidence })
  }
  return votes
}

/**
 * Returns the confidence multiplier for a set of votes (seed 001 v1.1 "Consensus Building"):
 * - agreement ≥ 66 %: 1.0 + 0.3 × the mean confidence of the agreeing agents (1.0–1.3);
 * - 33–66 %: 1.0;
 * - < 33 %: 1.0 − 0.15 × the mean confidence of the disagreeing agents (0.85–1.0; neutral
 *   voices reduce nothing).
 * Agreement is agreeing votes over all votes; with no votes the multiplier is 1.0.
 */
export function buildConsensus(votes: readonly ConsensusVote[]): Consensus {
  if (votes.length === 0) return { votes, agreement: 1, multiplier: 1 }
  const agreeing = votes.filter((vote) => vote.stance === 'agree')
  const disagreeing = votes.filter((vote) => vote.stance === 'disagree')
  const agreement = agreeing.length / votes.length
  let multiplier = 1
  if (agreement >= BOOST_AGREEMENT) multiplier = 1 + MAX_BOOST * meanConfidence(agreeing)
  else if (agreement < REDUCE_AGREEMENT && disagreeing.length > 0) {
    multiplier = 1 - MAX_REDUCTION * meanConfidence(disagreeing)
  }
  return { votes, agreement, multiplier: round(multiplier) }
}

function meanConfidence(votes: readonly ConsensusVote[]): number {
  return votes.reduce((sum, vote) => sum + vote.confidence, 0) / votes.length
}

/** Rounds to 6 places so table tests compare exact values. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}
