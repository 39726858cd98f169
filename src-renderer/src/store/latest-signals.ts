import { formatConfidence } from '../../../src-shared/confidence-text'
import type { TradingDecision } from '../../../src-shared/contract'
import { formatRatio } from '../format/numbers'
import type { FeedItem } from './decisions-store'

/** What one agent last said about one symbol, as the signals table shows it. */
export interface SignalCell {
  at: number
  summary: string
  /** False for an error, or a decision run that reached no consensus. */
  isValid: boolean
  correlationId: string | null
}

const TRADING_DECISION = 'trading_decision'

/**
 * Returns the one-line summary of a consensus: "BUY · conf 80% · agreement 67% · 3/6 answered".
 * The agreement is among the models that answered: 100 % from one answer of six is no
 * landslide, so how many of the models asked answered is said beside it. A model never asked
 * (no API key) is not counted: it did not fail to answer.
 */
export function summarizeConsensus(decision: TradingDecision): string {
  const asked = decision.votes.filter((vote) => vote.wasAsked)
  const answered = asked.filter((vote) => vote.isValid).length
  const turnout = asked.length > 0 ? ` · ${answered}/${asked.length} answered` : ''
  return `${decision.action.toUpperCase()} · conf ${formatConfidence(decision.confidence)} · agreement ${formatRatio(decision.agreement, 0)}${turnout}`
}

/**
 * Returns, per symbol and agent, what the signals table shows: the newest output of each
 * analysis agent, and for the trading decision the consensus of its newest run (the feed holds
 * one output per asked model, any of which may be an error). An error shows only for a run
 * that reached no consensus at all: model outputs and no recorded decision.
 */
export function latestSignals(
  feed: readonly FeedItem[],
  decisions: readonly TradingDecision[],
): Map<string, Map<string, SignalCell>> {
  const bySymbol = new Map<string, Map<string, SignalCell>>()
  const cellsOf = (symbol: string) => {
    const cells = bySymbol.get(symbol) ?? new Map<string, SignalCell>()
    bySymbol.set(symbol, cells)
    return cells
  }
  const decisionRuns = new Map<string, FeedItem[]>()
  for (const item of feed) {
    if (!item.symbol) continue
    if (item.agent === TRADING_DECISION) {
      decisionRuns.set(item.symbol, [...(decisionRuns.get(item.symbol) ?? []), item])
      continue
    }
    const cells = cellsOf(item.symbol)
    const current = cells.get(item.agent)
    if (!current || current.at < item.at) cells.set(item.agent, cellOfItem(item))
  }
  const newestDecisions = new Map<string, TradingDecision>()
  for (const decision of decisions) {
    const current = newestDecisions.get(decision.symbol)
    if (!current || current.createdAt < decision.createdAt)
      newestDecisions.set(decision.symbol, decision)
  }
  for (const symbol of new Set([...decisionRuns.keys(), ...newestDecisions.keys()])) {
    const cell = decisionCell(
      decisionRuns.get(symbol) ?? [],
      decisions.filter((decision) => decision.symbol === symbol),
      newestDecisions.get(symbol) ?? null,
    )
    if (cell) cellsOf(symbol).set(TRADING_DECISION, cell)
  }
  return bySymbol
}

/** The decision cell of one symbol: the newest run's consensus, or why it has none. */
function decisionCell(
  outputs: readonly FeedItem[],
  decisions: readonly TradingDecision[],
  newestDecision: TradingDecision | null,
): SignalCell | null {
  const newestOutput = outputs.reduce<FeedItem | null>(
    (newest, item) => (!newest || newest.at < item.at ? item : newest),
    null,
  )
  if (!newestOutput) return newestDecision ? cellOfDecision(newestDecision) : null
  const run = newestOutput.correlationId
  const runDecision = run ? decisions.find((decision) => decision.correlationId === run) : undefined
  if (runDecision) return cellOfDecision(runDecision)
  // A decision newer than the newest outputs belongs to a run whose outputs are not loaded yet.
  if (newestDecision && newestDecision.createdAt >= newestOutput.at)
    return cellOfDecision(newestDecision)
  const runOutputs = outputs.filter((item) =>
    run ? item.correlationId === run : item.id === newestOutput.id,
  )
  // A pushed event is the consensus itself (the engine sends one per decision, not per model).
  if (runOutputs.every((item) => item.isValid) && runOutputs.some((item) => item.model === null))
    return cellOfItem(newestOutput)
  const errors = [
    ...new Set(runOutputs.filter((item) => !item.isValid).map((item) => item.summary)),
  ]
  return {
    at: newestOutput.at,
    summary: errors.length > 0 ? `no consensus · ${errors.join(' · ')}` : 'no consensus',
    isValid: false,
    correlationId: run,
  }
}

function cellOfItem(item: FeedItem): SignalCell {
  return {
    at: item.at,
    summary: item.summary,
    isValid: item.isValid,
    correlationId: item.correlationId,
  }
}

function cellOfDecision(decision: TradingDecision): SignalCell {
  return {
    at: decision.createdAt,
    summary: summarizeConsensus(decision),
    isValid: true,
    correlationId: decision.correlationId,
  }
}
