import Decimal from 'decimal.js'
import type { TopicPayload } from '../bus'
import { entryFillPrice, entryOffMarketRefusal, type EntryPricing } from './entry-pricing'
import type { PortfolioContext, RegimeContext, TradeProposal } from './ports'
import type { SignalModifications } from './resolution-parser'

/** A trading signal as the pipeline handles it (the bus payload, possibly modified). */
export type TradingSignal = Readonly<TopicPayload<'trading_signals'>>

/** A proposal, or why none could be built (a refusal as data). */
export type ProposalResult = { ok: true; proposal: TradeProposal } | { ok: false; reason: string }

/** What a proposal is built from besides the signal. */
export interface ProposalInputs {
  readonly confidence: number
  readonly correlationId: string
  readonly portfolio: PortfolioContext
  /**
   * The latest market price: the entry when the signal names none, what an opening entry is
   * compared with, and where a market entry fills.
   */
  readonly marketPrice: Decimal | null
  readonly entryPricing: EntryPricing
}

const HUNDRED = new Decimal(100)

/** The signal fields a resolution may lower but never raise. */
const NEVER_RAISED = ['confidence', 'position_size_pct', 'leverage'] as const

/**
 * Returns the signal with a resolution's modifications applied. A stop-loss or take-profit
 * percentage replaces the signal's absolute price of that level (which {@link buildProposal}
 * would otherwise prefer), unless the modifications give an absolute price themselves.
 * A resolution settles a doubt, so it may make the trade more cautious, never bolder: the
 * confidence, size and leverage it gives are kept at or below the signal's own (a raised
 * confidence would carry a signal below the risk engine's minimum through); a signal without
 * a leverage trades at 1, so that is its own. Check {@link modificationRefusal} first: this
 * applies what it is given.
 */
export function applyModifications(
  signal: TradingSignal,
  modifications: SignalModifications | null,
): TradingSignal {
  if (modifications === null) return signal
  const defined = Object.fromEntries(
    Object.entries(modifications).filter(([, value]) => value !== undefined),
  )
  const modified: Record<string, unknown> = { ...signal, ...defined }
  if (modifications.stop_loss_pct !== undefined && modifications.stop_loss === undefined) {
    delete modified.stop_loss
  }
  if (modifications.take_profit_pct !== undefined && modifications.take_profit === undefined) {
    delete modified.take_profit
  }
  for (const field of NEVER_RAISED) {
    const own = field === 'leverage' ? (signal.leverage ?? 1) : signal[field]
    const given = modified[field]
    if (typeof own === 'number' && typeof given === 'number' && given > own) modified[field] = own
  }
  return modified as TradingSignal
}

/**
 * Returns why a resolution's modifications are refused, as `RESOLUTION_REFUSED: key=value`
 * text, or null when they may be applied and the trade validated. A resolution may not move
 * the entry price away from the signal's own, or from the market price when the signal names
 * none: the risk engine sizes the trade, measures its exposure and judges its stop from the
 * entry price, and {@link buildProposal} only keeps that price within a band around the
 * market, where a moved entry still changes all three. Restating the same price is allowed.
 */
export function modificationRefusal(
  signal: TradingSignal,
  modifications: SignalModifications | null,
  marketPrice: Decimal | null,
): string | null {
  const given = modifications?.entry_price
  if (given === undefined) return null
  const source = signal.entry_price !== undefined ? 'signal' : 'market'
  const reference = signal.entry_price !== undefined ? new Decimal(signal.entry_price) : marketPrice
  if (reference !== null && reference.eq(given)) return null
  return (
    `RESOLUTION_REFUSED: field=entry_price given=${given} ` +
    `reference=${reference === null ? 'none' : reference.toFixed()} reference_source=${source} ` +
    '(a resolution may not move the entry price)'
  )
}

/**
 * Builds the trade proposal for a BUY, SELL or CLOSE signal. BUY opens long and SELL opens
 * short; CLOSE closes the open position of the symbol (reduce-only). The entry price is
 * the signal's or else the market's; an opening one further from the market than the
 * entry pricing allows is refused (`ENTRY_OFF_MARKET`), and the entry is then measured
 * from where it fills: a market entry, or a limit through the market (a BUY above it, a
 * SELL below), at the market price. Stop-loss and take-profit come from absolute prices or
 * from percentages of the entry; the size comes from `position_size_pct` of equity, or is
 * left to the risk engine.
 */
export function buildProposal(signal: TradingSignal, inputs: ProposalInputs): ProposalResult {
  const symbol = signal.symbol
  if (signal.action === 'HOLD')
    return { ok: false, reason: `NO_TRADE: symbol=${symbol} action=HOLD` }
  const entryText = signal.entry_price
  const signalEntryPrice = entryText !== undefined ? new Decimal(entryText) : inputs.marketPrice
  if (signalEntryPrice === null) {
    return { ok: false, reason: `NO_PRICE: symbol=${symbol} no entry_price and no market price` }
  }
  const base = {
    symbol,
    entryPrice: signalEntryPrice,
    leverage: signal.leverage ?? 1,
    confidence: inputs.confidence,
    correlationId: inputs.correlationId,
  }
  if (signal.action === 'CLOSE') {
    const position = inputs.portfolio.openPositions.find((open) => open.symbol === symbol)
    if (position === undefined) {
      return { ok: false, reason: `NO_OPEN_POSITION: symbol=${symbol} action=CLOSE` }
    }
    return {
      ok: true,
      proposal: {
        ...base,
        action: 'CLOSE',
        side: position.side,
        size: position.size,
        isReduceOnly: true,
      },
    }
  }
  const refusal = entryOffMarketRefusal(
    symbol,
    signalEntryPrice,
    inputs.marketPrice,
    inputs.entryPricing.maxDeviationPct,
  )
  if (refusal !== null) return { ok: false, reason: refusal }
  const side = signal.action === 'BUY' ? 'long' : 'short'
  const entryPrice = entryFillPrice(side, signalEntryPrice, inputs.marketPrice, inputs.entryPricing)
  const stopDirection = side === 'long' ? -1 : 1
  const profitDirection = side === 'long' ? 1 : -1
  const stopLoss =
    signal.stop_loss !== undefined
      ? new Decimal(signal.stop_loss)
      : signal.stop_loss_pct !== undefined
        ? offset(entryPrice, signal.stop_loss_pct, stopDirection)
        : null
  const takeProfit =
    signal.take_profit !== undefined
      ? new Decimal(signal.take_profit)
      : signal.take_profit_pct !== undefined
        ? offset(entryPrice, signal.take_profit_pct, profitDirection)
        : null
  const size =
    signal.position_size_pct !== undefined && inputs.portfolio.equity.gt(0)
      ? inputs.portfolio.equity.mul(signal.position_size_pct).div(HUNDRED).div(entryPrice)
      : null
  return {
    ok: true,
    proposal: { ...base, entryPrice, action: signal.action, side, size, stopLoss, takeProfit },
  }
}

/** Returns the price `pct` percent away from `price`, below for -1 and above for +1. */
function offset(price: Decimal, pct: number, direction: -1 | 1): Decimal {
  return price.mul(HUNDRED.plus(new Decimal(pct).mul(direction))).div(HUNDRED)
}

/** Returns the regime input of risk validation from a regime_updates payload, or null. */
export function toRegimeContext(
  regime: Readonly<TopicPayload<'regime_updates'>> | null,
): RegimeContext | null {
  if (regime === null) return null
  return {
    regime: regime.regime,
    confidence: regime.confidence,
    position_size_multiplier: regime.position_size_multiplier,
    entry_strictness: regime.entry_strictness,
  }
}

/** Returns a proposal with its decimals as strings, for logs and events. */
export function describeProposal(proposal: TradeProposal): Record<string, unknown> {
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
    isReduceOnly: proposal.isReduceOnly === true,
  }
}
