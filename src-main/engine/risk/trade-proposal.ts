import type Decimal from 'decimal.js'

/** What a proposal asks for: open long (BUY), open short (SELL), or close a position. */
export type TradeAction = 'BUY' | 'SELL' | 'CLOSE'

/** The side of the position a proposal opens, reduces or closes. */
export type PositionSide = 'long' | 'short'

/**
 * Why a trade is proposed: `trade` (the default) is a speculative position from a trading
 * decision; `rebalance` is a spot trade of the portfolio rebalancer that restores the target
 * allocation. Rebalance sells are reduce-only (they sell holdings); rebalance buys are
 * judged by the rebalance rules (see `RiskEngine.validate`).
 */
export type TradePurpose = 'trade' | 'rebalance'

/**
 * A trade the coordinator wants to make, before the risk engine has seen it.
 *
 * `size` is the quantity of the base asset (0.05 for 0.05 BTC), so the notional value is
 * `size × entryPrice` in the quote asset; leverage only changes the margin the trade locks
 * (`notional / leverage`). A null size asks the risk engine to size the trade.
 */
export interface TradeProposal {
  readonly symbol: string
  readonly action: TradeAction
  readonly side: PositionSide
  readonly size: Decimal | null
  readonly entryPrice: Decimal
  readonly stopLoss?: Decimal | null
  readonly takeProfit?: Decimal | null
  /** Whole-number leverage, 1 for spot. */
  readonly leverage: number
  /** The decision's confidence, 0–1. */
  readonly confidence: number
  readonly correlationId?: string | null
  /** True when the order may only shrink an existing position. */
  readonly isReduceOnly?: boolean
  /** `trade` when omitted. */
  readonly purpose?: TradePurpose
}

/** A proposal with every decimal written as a string, for logs, events and storage. */
export interface TradeProposalRecord {
  symbol: string
  action: TradeAction
  side: PositionSide
  size: string | null
  entryPrice: string
  stopLoss: string | null
  takeProfit: string | null
  leverage: number
  confidence: number
  correlationId: string | null
  isReduceOnly: boolean
  /** Present only for rebalance trades, so trade records keep their shape. */
  purpose?: 'rebalance'
}

/** Returns true for trades that only close or reduce exposure; these pass even when trading is halted. */
export function isClosingTrade(proposal: TradeProposal): boolean {
  return proposal.action === 'CLOSE' || proposal.isReduceOnly === true
}

/** Returns the proposal with its decimals as strings. */
export function toTradeProposalRecord(proposal: TradeProposal): TradeProposalRecord {
  return {
    symbol: proposal.symbol,
    action: proposal.action,
    side: proposal.side,
    size: proposal.size === null ? null : proposal.size.toFixed(),
    entryPrice: proposal.entryPrice.toFixed(),
    stopLoss: proposal.stopLoss ? proposal.stopLoss.toFixed() : null,
    takeProfit: proposal.takeProfit ? proposal.takeProfit.toFixed() : null,
    leverage: proposal.leverage,
    confidence: proposal.confidence,
    correlationId: proposal.correlationId ?? null,
    isReduceOnly: proposal.isReduceOnly === true,
    ...(proposal.purpose === 'rebalance' ? { purpose: 'rebalance' as const } : {}),
  }
}

/** Returns true for the rebalancer's spot trades. */
export function isRebalanceTrade(proposal: TradeProposal): boolean {
  return proposal.purpose === 'rebalance'
}
