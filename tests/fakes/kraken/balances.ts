import { Dec } from './numbers'
import type { AssetSpec } from './pair-catalogue'

/**
 * Account totals per Kraken asset id. Holds are not stored here: the matching engine
 * derives them from open orders, so totals and holds can never drift apart.
 */
export class Balances {
  private readonly totals = new Map<string, Dec>()

  /** Returns the total of an asset (zero when the account never held it). */
  total(asset: AssetSpec): Dec {
    return this.totals.get(asset.id) ?? new Dec(0)
  }

  /** Sets the total of an asset outright (test setup). */
  set(asset: AssetSpec, amount: Dec): void {
    this.totals.set(asset.id, amount)
  }

  /** Adds `amount` (which may be negative) to an asset's total. */
  add(asset: AssetSpec, amount: Dec): void {
    this.totals.set(asset.id, this.total(asset).plus(amount))
  }

  /** Returns every asset id the account has a total for, with that total. */
  entries(): Array<[string, Dec]> {
    return [...this.totals.entries()]
  }

  /** Empties the account. */
  clear(): void {
    this.totals.clear()
  }
}
