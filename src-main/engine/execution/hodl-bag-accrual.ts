import type Decimal from 'decimal.js'
import type { HodlBagRepository } from '../store/repositories/hodl-bag-repository'

/** A share of realized profit to lock away in a hodl bag. */
export interface HodlAccrual {
  readonly asset: string
  readonly amount: Decimal
  readonly positionId: string
  readonly reason: string
  readonly atMs: number
}

/** Where the position tracker puts its hodl share of realized profit. */
export interface HodlBagAccrual {
  accrue(accrual: HodlAccrual): Promise<void>
}

/** Accrues into the hodl_bags table and its history. */
export class RepositoryHodlBagAccrual implements HodlBagAccrual {
  constructor(private readonly repository: HodlBagRepository) {}

  async accrue(accrual: HodlAccrual): Promise<void> {
    await this.repository.add(
      accrual.asset,
      accrual.amount,
      accrual.reason,
      accrual.positionId,
      accrual.atMs,
    )
  }
}
