import Decimal from 'decimal.js'
import type { HodlBagRepository } from '../store/repositories/hodl-bag-repository'

/** A share of realized profit to lock away in a hodl bag. */
export interface HodlAccrual {
  readonly asset: string
  readonly amount: Decimal
  readonly positionId: string
  readonly reason: string
  readonly atMs: number
}

/**
 * The hodl share of a realized profit: `allocationPct` % of it, and the reason its bag's
 * history gives. Null when there is nothing to share (no profit, or a zero share).
 */
export function profitShare(
  realizedProfit: Decimal,
  allocationPct: Decimal.Value,
): { amount: Decimal; reason: string } | null {
  const pct = new Decimal(allocationPct)
  if (!pct.gt(0) || !realizedProfit.gt(0)) return null
  return {
    amount: realizedProfit.times(pct).div(100),
    reason: `profit share ${pct.toFixed()}% of realized ${realizedProfit.toFixed(2)}`,
  }
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
