import Decimal from 'decimal.js'
import type { BrokerBalance } from './broker/broker'
import type { Position } from './position'
import { bookedSize, openSpotLongsByAsset } from './spot-long-holdings'

/** Open spot longs of one asset that bought more than the account now holds of it. */
export interface HoldingShortfall {
  readonly asset: string
  /** What the open spot long positions of the asset bought and still hold, in the books. */
  readonly booked: Decimal
  /** What the account holds of the asset (its total balance). */
  readonly held: Decimal
  /** The positions concerned, in the tracker's order. */
  readonly positions: readonly Pick<Position, 'id' | 'symbol'>[]
}

/**
 * Returns, per base asset, the open spot long positions whose coins the account no longer
 * holds: sold or withdrawn outside the app. Their stop-losses cannot sell what is missing and
 * their P&L is the books' alone. Margin positions hold no coins and are left out.
 */
export function holdingShortfalls(
  positions: readonly Position[],
  balances: Readonly<Record<string, BrokerBalance>>,
): HoldingShortfall[] {
  const shortfalls: HoldingShortfall[] = []
  for (const [asset, spotLongs] of openSpotLongsByAsset(positions)) {
    const booked = bookedSize(spotLongs)
    const held = balances[asset]?.total ?? new Decimal(0)
    if (held.lt(booked)) {
      shortfalls.push({
        asset,
        booked,
        held,
        positions: spotLongs.map(({ id, symbol }) => ({ id, symbol })),
      })
    }
  }
  return shortfalls
}
