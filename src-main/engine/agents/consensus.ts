import Decimal from 'decimal.js'
import type { TradeAction, TradingDecisionOutput } from './output-schemas'

/** One model's valid vote. */
export interface Vote {
  readonly model: string
  readonly output: TradingDecisionOutput
}

/** The decision the votes add up to. */
export interface Consensus {
  readonly action: TradeAction
  readonly confidence: number
  /** Share of valid votes for the winning action (before the min-agreement check). */
  readonly agreement: number
  readonly votesFor: number
  readonly validVotes: number
  readonly entryPrice: Decimal | null
  readonly stopLoss: Decimal | null
  readonly takeProfit: Decimal | null
  readonly leverage: number
  readonly reasoning: string
}

/** Ties in votes and confidence go to the most cautious action. */
const CAUTION: readonly TradeAction[] = ['HOLD', 'CLOSE', 'SELL', 'BUY']

/** The trade each trade goes against. */
const OPPOSITE: Partial<Record<TradeAction, TradeAction>> = { BUY: 'SELL', SELL: 'BUY' }

/**
 * Builds the consensus of valid votes: the action with most votes (ties: higher summed
 * confidence, then the more cautious action) wins if its share reaches `minAgreement`,
 * else HOLD; as many BUY as SELL votes at the top is a HOLD too. Confidence is the winners'
 * mean confidence scaled by 0.5 + agreement / 2, so a split vote counts for less; prices are
 * the winners' medians and leverage their minimum. Returns null when there is no vote.
 */
export function buildConsensus(votes: readonly Vote[], minAgreement: number): Consensus | null {
  if (votes.length === 0) return null
  // Confidences are summed as decimals: in doubles 0.4 + 0.2 exceeds 0.3 + 0.3, which
  // turned an equal split of BUY and HOLD into a BUY instead of the cautious HOLD.
  const tally = new Map<TradeAction, { count: number; confidence: Decimal }>()
  for (const vote of votes) {
    const entry = tally.get(vote.output.action) ?? { count: 0, confidence: new Decimal(0) }
    entry.count += 1
    entry.confidence = entry.confidence.plus(vote.output.confidence)
    tally.set(vote.output.action, entry)
  }
  const ranked = [...tally].sort(
    ([actionA, a], [actionB, b]) =>
      b.count - a.count ||
      b.confidence.comparedTo(a.confidence) ||
      CAUTION.indexOf(actionA) - CAUTION.indexOf(actionB),
  )
  const [winner, winning] = ranked[0] as [TradeAction, { count: number; confidence: Decimal }]
  const agreement = winning.count / votes.length
  const summary = ranked.map(([action, entry]) => `${action}=${entry.count}`).join(' ')
  const noConsensus = (why: string): Consensus => ({
    action: 'HOLD',
    confidence: 0,
    agreement,
    votesFor: tally.get('HOLD')?.count ?? 0,
    validVotes: votes.length,
    entryPrice: null,
    stopLoss: null,
    takeProfit: null,
    leverage: 1,
    reasoning: `no consensus: ${summary}; ${why}`,
  })
  if (agreement < minAgreement) {
    return noConsensus(`agreement=${round(agreement)} < min=${minAgreement}`)
  }
  // Opposite answers cancel out: confidence must not pick a side when the models split evenly.
  const opposite = OPPOSITE[winner]
  if (opposite !== undefined && tally.get(opposite)?.count === winning.count) {
    return noConsensus(`BUY and SELL tied at ${winning.count} each`)
  }
  const winners = votes.filter((vote) => vote.output.action === winner)
  const meanConfidence = winning.confidence.dividedBy(winning.count).toNumber()
  const isTrade = winner === 'BUY' || winner === 'SELL'
  return {
    action: winner,
    confidence: round(meanConfidence * (0.5 + agreement / 2)),
    agreement,
    votesFor: winning.count,
    validVotes: votes.length,
    entryPrice: isTrade ? median(winners.map((vote) => vote.output.entry_price)) : null,
    stopLoss: isTrade ? median(winners.map((vote) => vote.output.stop_loss)) : null,
    takeProfit: isTrade ? median(winners.map((vote) => vote.output.take_profit)) : null,
    leverage: Math.min(...winners.map((vote) => vote.output.leverage)),
    reasoning: `consensus ${winner}: ${summary}; agreement=${round(agreement)}`,
  }
}

/** Returns the median of the given decimal strings, ignoring missing ones; null when none. */
export function median(values: readonly (string | undefined)[]): Decimal | null {
  const sorted = values
    .filter((value): value is string => value !== undefined)
    .map((value) => new Decimal(value))
    .sort((a, b) => a.comparedTo(b))
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length % 2 === 1) return sorted[middle] as Decimal
  return (sorted[middle - 1] as Decimal).plus(sorted[middle] as Decimal).dividedBy(2)
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
