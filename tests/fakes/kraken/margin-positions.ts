import { Dec, roundTo } from './numbers'
import type { OrderSide } from './order-model'
import type { PairSpec } from './pair-catalogue'

/** A net margin position in one pair, as Kraken's OpenPositions reports it. */
export interface MarginPosition {
  readonly id: string
  readonly pair: PairSpec
  readonly side: OrderSide
  readonly openedAt: number
  readonly orderTxid: string
  volume: Dec
  /** Quote spent (long) or received (short) for the open volume, at entry prices. */
  cost: Dec
  /** Quote collateral locked for the position: cost / leverage. */
  margin: Dec
  fee: Dec
  readonly leverage: number
}

/** What a margin fill did: the profit it realised and the position it touched. */
export interface MarginFillEffect {
  readonly realisedProfit: Dec
  readonly positionId: string
}

/**
 * Margin positions netted per pair. A leveraged fill in the position's direction grows
 * it; one against it reduces it first, realising profit or loss in the quote asset, and
 * opens the other way with whatever volume is left. Spot balances are never touched
 * except for that profit and the fees, as on Kraken.
 */
export class MarginPositions {
  private readonly positions = new Map<string, MarginPosition>()

  constructor(private readonly newId: () => string) {}

  /** Returns the open position in a pair, if any. */
  position(pair: PairSpec): MarginPosition | undefined {
    return this.positions.get(pair.id)
  }

  /** Returns every open position. */
  all(): MarginPosition[] {
    return [...this.positions.values()]
  }

  /** Returns the quote collateral locked by all positions quoted in `quoteId`. */
  lockedMargin(quoteId: string): Dec {
    return this.all()
      .filter((position) => position.pair.quote.id === quoteId)
      .reduce((sum, position) => sum.plus(position.margin), new Dec(0))
  }

  /** Applies a leveraged fill and returns its effect on collateral and realised profit. */
  applyFill(fill: {
    pair: PairSpec
    side: OrderSide
    volume: Dec
    price: Dec
    fee: Dec
    leverage: number
    orderTxid: string
    time: number
  }): MarginFillEffect {
    const decimals = fill.pair.quote.decimals
    const current = this.positions.get(fill.pair.id)
    let volumeLeft = fill.volume
    let realisedProfit = new Dec(0)
    if (current && current.side !== fill.side) {
      const closing = Dec.min(volumeLeft, current.volume)
      const share = closing.div(current.volume)
      const entryCost = roundTo(current.cost.times(share), decimals)
      const exitValue = roundTo(fill.price.times(closing), decimals)
      realisedProfit =
        current.side === 'buy' ? exitValue.minus(entryCost) : entryCost.minus(exitValue)
      const released = roundTo(current.margin.times(share), decimals)
      current.volume = current.volume.minus(closing)
      current.cost = current.cost.minus(entryCost)
      current.margin = current.margin.minus(released)
      volumeLeft = volumeLeft.minus(closing)
      if (current.volume.isZero()) this.positions.delete(fill.pair.id)
    }
    if (volumeLeft.lte(0)) {
      if (!current) throw new Error(`margin fill without volume: pair=${fill.pair.id}`)
      return { realisedProfit, positionId: current.id }
    }
    const cost = roundTo(fill.price.times(volumeLeft), decimals)
    const margin = roundTo(cost.div(fill.leverage), decimals)
    const open = this.positions.get(fill.pair.id)
    if (open) {
      open.volume = open.volume.plus(volumeLeft)
      open.cost = open.cost.plus(cost)
      open.margin = open.margin.plus(margin)
      open.fee = open.fee.plus(fill.fee)
      return { realisedProfit, positionId: open.id }
    }
    const created: MarginPosition = {
      id: this.newId(),
      pair: fill.pair,
      side: fill.side,
      openedAt: fill.time,
      orderTxid: fill.orderTxid,
      volume: volumeLeft,
      cost,
      margin,
      fee: fill.fee,
      leverage: fill.leverage,
    }
    this.positions.set(fill.pair.id, created)
    return { realisedProfit, positionId: created.id }
  }

  /** Closes every position without settling it (test reset). */
  clear(): void {
    this.positions.clear()
  }
}
