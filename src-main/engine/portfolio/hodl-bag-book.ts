import type Decimal from 'decimal.js'
import type { Clock } from '../clock'
import type { Logger } from '../logging/logger'
import type { HodlBagChange, HodlBagRepository } from '../store/repositories/hodl-bag-repository'
import type { PortfolioEventPublisher } from './portfolio-event'
import type { HodlSettings } from './portfolio-settings'
import { profitShare } from '../execution/hodl-bag-accrual'

/**
 * A share of realized profit to lock away; the same shape as the execution part's
 * `HodlAccrual`, so {@link HodlBagBook} can serve as the position tracker's accrual port.
 */
export interface HodlAccrual {
  readonly asset: string
  readonly amount: Decimal
  readonly positionId: string | null
  readonly reason: string
  readonly atMs: number
}

/** Realized profit of a closed position, in the currency it was realized in. */
export interface RealizedProfit {
  /** The currency of the profit: the quote asset of the position's symbol (USDT). */
  readonly asset: string
  readonly realizedProfit: Decimal
  readonly positionId: string | null
}

export interface HodlBagBookOptions {
  readonly repository: HodlBagRepository
  readonly settings: HodlSettings
  readonly clock: Clock
  readonly logger: Logger
  readonly publisher: PortfolioEventPublisher
}

/**
 * The hodl bags: amounts per asset locked away from rebalancing (which never sells them),
 * their history in hodl_bag_history, and their growth from realized profit. The profit
 * share stays in the profit's own currency (the quote asset, USDT): converting it to BTC or
 * XRP would be a trade of its own, with fees and a risk check, for a few dollars; the
 * execution part's position tracker accrues the same way.
 */
export class HodlBagBook {
  /** The bags as stored, read once: this book is their only writer (one engine per data folder). */
  private cached: Record<string, Decimal> | null = null

  constructor(private readonly options: HodlBagBookOptions) {}

  /**
   * Locks the configured initial amounts (portfolio.yaml hodl_bags.amounts) for assets that
   * have no bag yet; returns the assets it locked. Run once at start; later runs change nothing.
   */
  async initialize(): Promise<string[]> {
    const existing = await this.amounts()
    const locked: string[] = []
    for (const [asset, amount] of Object.entries(this.options.settings.initialAmounts)) {
      if (asset in existing || !amount.gt(0)) continue
      await this.change(asset, amount, 'initial amount from portfolio.yaml', null)
      locked.push(asset)
    }
    return locked
  }

  /** Returns every bag's amount by asset. */
  async amounts(): Promise<Record<string, Decimal>> {
    this.cached ??= await this.options.repository.all()
    return { ...this.cached }
  }

  /** Returns an asset's changes, oldest first. */
  async history(asset: string): Promise<HodlBagChange[]> {
    return this.options.repository.history(asset)
  }

  /** Adds an accrual to its bag (non-positive amounts are ignored); the position tracker's port. */
  async accrue(accrual: HodlAccrual): Promise<void> {
    if (!accrual.amount.gt(0)) {
      this.options.logger.warn(
        { asset: accrual.asset, amount: accrual.amount.toFixed() },
        'hodl accrual ignored: amount must be positive',
      )
      return
    }
    await this.change(
      accrual.asset,
      accrual.amount,
      accrual.reason,
      accrual.positionId,
      accrual.atMs,
    )
  }

  /**
   * Moves the configured share (allocation_pct) of a realized profit into the bag of the
   * profit's currency; returns the amount accrued, or null when nothing was (hodl bags
   * disabled, a zero share, or no profit).
   */
  async accrueProfitShare(profit: RealizedProfit): Promise<Decimal | null> {
    const { isEnabled, allocationPct } = this.options.settings
    const share = isEnabled ? profitShare(profit.realizedProfit, allocationPct) : null
    if (!share) return null
    await this.change(profit.asset, share.amount, share.reason, profit.positionId)
    return share.amount
  }

  private async change(
    asset: string,
    amount: Decimal,
    reason: string,
    positionId: string | null,
    atMs = this.options.clock.now(),
  ): Promise<void> {
    const balanceAfter = await this.options.repository.add(asset, amount, reason, positionId, atMs)
    if (this.cached !== null) this.cached[asset] = balanceAfter
    this.options.logger.info(
      { asset, change: amount.toFixed(), balanceAfter: balanceAfter.toFixed(), reason },
      'hodl bag changed',
    )
    this.options.publisher.publish({
      type: 'hodl_bag_changed',
      correlationId: null,
      data: {
        asset,
        change: amount.toFixed(),
        balance_after: balanceAfter.toFixed(),
        reason,
        position_id: positionId,
      },
    })
  }
}
