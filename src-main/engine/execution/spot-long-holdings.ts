import Decimal from 'decimal.js'
import type { Position } from './position'
import { splitSymbol } from './symbols'

/**
 * The open spot long positions per base asset: the positions whose coins the account holds.
 * Margin positions hold no coins and are left out.
 */
export function openSpotLongsByAsset(positions: readonly Position[]): Map<string, Position[]> {
  const byAsset = new Map<string, Position[]>()
  for (const position of positions) {
    if (position.status !== 'open' || position.side !== 'long' || position.leverage !== 1) continue
    const { base } = splitSymbol(position.symbol)
    const spotLongs = byAsset.get(base)
    if (spotLongs === undefined) byAsset.set(base, [position])
    else spotLongs.push(position)
  }
  return byAsset
}

/** The coins per base asset that open spot long positions bought and still hold, in the books. */
export function spotLongHoldings(positions: readonly Position[]): Record<string, Decimal> {
  const holdings: Record<string, Decimal> = {}
  for (const [asset, spotLongs] of openSpotLongsByAsset(positions)) {
    holdings[asset] = bookedSize(spotLongs)
  }
  return holdings
}

/** What `positions` hold together. */
export function bookedSize(positions: readonly Position[]): Decimal {
  return positions.reduce((sum, position) => sum.plus(position.size), new Decimal(0))
}
