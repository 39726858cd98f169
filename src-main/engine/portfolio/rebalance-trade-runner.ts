import Decimal from 'decimal.js'
import type { Logger } from '../logging/logger'
import type { PortfolioContext, RiskRule, RiskValidation, TradeProposal } from '../risk'
import type {
  AssetBalance,
  BalanceSource,
  PositionHoldings,
  PriceSource,
  RiskGate,
  TradeExecutor,
} from './ports'
import { withoutHodlBags } from './hodl-bag-exclusion'
import type { ScheduledBatch } from './scheduled-batch'

const ZERO = new Decimal(0)
/** Base quantities are rounded down to this many decimals; the executor rounds to the market's step. */
export const SIZE_DECIMALS = 8

/**
 * The risk engine's entry gates: they refuse every new entry for a while (a tripped breaker,
 * the losing-streak cooldown, a paused symbol) and say nothing about the trade itself.
 */
const ENTRY_GATES: readonly RiskRule[] = ['CIRCUIT_BREAKER', 'COOLDOWN', 'SYMBOL_PAUSED']

/**
 * How a batch ended: `deferred` when only the risk engine's entry gates refused it, for now
 * (nothing was sent; it is tried again later), `rejected` when it was refused for good.
 */
export interface BatchOutcome {
  readonly status: 'executed' | 'rejected' | 'deferred' | 'failed'
  readonly orderId: string | null
  readonly error: string | null
  /** The base quantity sent, when one was. */
  readonly size: Decimal | null
  /** The price the quantity was computed at, when known. */
  readonly price: Decimal | null
}

/** Runs one batch; never throws. */
export interface BatchRunner {
  run(batch: ScheduledBatch): Promise<BatchOutcome>
}

export interface RebalanceTradeRunnerOptions {
  readonly quoteAsset: string
  readonly balances: BalanceSource
  readonly prices: PriceSource
  readonly hodlBags: { amounts(): Promise<Readonly<Record<string, Decimal>>> }
  /** Coins per asset that open spot long positions hold: never sold by a rebalance. */
  readonly heldByPositions: PositionHoldings
  readonly risk: RiskGate
  readonly executor: TradeExecutor
  readonly logger: Logger
  /**
   * The risk engine's portfolio facts, with the hodl bags already out of the free balances
   * (the same source the coordinator uses, so that the drawdown breaker sees one equity);
   * built from the balances, prices and hodl bags when omitted.
   */
  readonly riskContext?: () => Promise<PortfolioContext>
}

/**
 * Executes one rebalance batch at the current price: turns its quote amount into a base
 * quantity, caps a sell at the balance outside the hodl bag and the open positions' coins
 * (neither is ever sold),
 * passes the trade through the risk engine (sells as reduce-only, buys as rebalance buys,
 * the free balances less the hodl bags) and sends the approved (or risk-reduced) quantity
 * through the trade executor.
 */
export class RebalanceTradeRunner implements BatchRunner {
  constructor(private readonly options: RebalanceTradeRunnerOptions) {}

  async run(batch: ScheduledBatch): Promise<BatchOutcome> {
    try {
      return await this.execute(batch)
    } catch (error) {
      return outcome('failed', { error: `batch=${batch.id}: ${describe(error)}` })
    }
  }

  private async execute(batch: ScheduledBatch): Promise<BatchOutcome> {
    const { options } = this
    const asset = batch.symbol.slice(0, batch.symbol.indexOf('/'))
    const price = options.prices.latestPrice(batch.symbol)
    if (price === null || !price.gt(ZERO)) {
      return outcome('failed', { error: `PRICE: no price for symbol=${batch.symbol}` })
    }
    let size = batch.amountUsd.div(price).toDecimalPlaces(SIZE_DECIMALS, Decimal.ROUND_DOWN)
    const [balances, bags] = await Promise.all([
      options.balances.fetchBalances(),
      options.hodlBags.amounts(),
    ])

    if (batch.side === 'sell') {
      const held = balances[asset]?.total ?? ZERO
      const free = balances[asset]?.free ?? ZERO
      const hodl = bags[asset] ?? ZERO
      const inPositions = options.heldByPositions()[asset] ?? ZERO
      const sellable = spendable(balances[asset], hodl, inPositions).toDecimalPlaces(
        SIZE_DECIMALS,
        Decimal.ROUND_DOWN,
      )
      const detail = `asset=${asset} balance=${held.toFixed()} free=${free.toFixed()} hodl=${hodl.toFixed()} in_positions=${inPositions.toFixed()}`
      if (!sellable.gt(ZERO)) {
        return outcome('rejected', {
          price,
          error: `HODL: ${detail}; nothing outside the hodl bag and the open positions to sell`,
        })
      }
      if (size.gt(sellable)) {
        options.logger.info(
          { batchId: batch.id, requested: size.toFixed(), applied: sellable.toFixed(), detail },
          'rebalance sell capped at the balance outside the hodl bag and the open positions',
        )
        size = sellable
      }
    }
    if (!size.gt(ZERO)) {
      return outcome('rejected', {
        price,
        error: `SIZE: amount=${batch.amountUsd.toFixed()} at price=${price.toFixed()} rounds to 0`,
      })
    }

    const context = options.riskContext
      ? await options.riskContext()
      : withoutHodlBags(this.contextFromBalances(balances), bags)
    const correlationId = batch.correlationId ?? batch.rebalanceId
    const proposal: TradeProposal = {
      symbol: batch.symbol,
      action: batch.side === 'sell' ? 'SELL' : 'BUY',
      side: 'long',
      size,
      entryPrice: price,
      stopLoss: null,
      takeProfit: null,
      leverage: 1,
      confidence: 1,
      correlationId,
      // Selling spot holdings only ever reduces exposure.
      isReduceOnly: batch.side === 'sell',
      purpose: 'rebalance',
    }
    const verdict = options.risk.validate(proposal, context, null)
    if (verdict.status === 'REJECTED') {
      return outcome(isRefusedForNow(verdict) ? 'deferred' : 'rejected', {
        price,
        error: verdict.reasons.join('; '),
      })
    }
    if (verdict.status === 'MODIFIED' && verdict.proposal.size !== null)
      size = verdict.proposal.size

    const result = await options.executor.execute({
      requestId: batch.id,
      symbol: batch.symbol,
      side: batch.side,
      size,
      amountUsd: batch.amountUsd,
      orderType: batch.executionType,
      ...(batch.executionType === 'limit' ? { limitPrice: price } : {}),
      leverage: 1,
      correlationId,
      role: 'rebalance',
    })
    if (!result.success) {
      return outcome('failed', {
        size,
        price,
        error: result.error ?? 'EXECUTION: refused without a reason',
      })
    }
    return outcome('executed', { size, price, orderId: result.orderId ?? null })
  }

  /** Equity of every priced holding, free balances per asset, no open positions. */
  private contextFromBalances(
    balances: Awaited<ReturnType<BalanceSource['fetchBalances']>>,
  ): PortfolioContext {
    let equity = ZERO
    const freeBalances: Record<string, Decimal> = {}
    for (const [asset, balance] of Object.entries(balances)) {
      freeBalances[asset] = balance.free
      const price =
        asset === this.options.quoteAsset
          ? new Decimal(1)
          : this.options.prices.latestPrice(`${asset}/${this.options.quoteAsset}`)
      if (price !== null) equity = equity.plus(balance.total.times(price))
    }
    return { equity, freeBalances, openPositions: [] }
  }
}

/**
 * What rebalancing may still sell or spend of an asset: its free balance less its hodl bag,
 * never below 0. Units reserved by open orders are about to leave the account (a resting sell
 * reserves the base asset, a resting buy the quote asset), so only the free balance is sure
 * to stay; taking the bag from the total instead lets the open orders and this one together
 * eat into the bag. Open positions' coins (`inPositions`) are reserved by their stop-losses
 * or free when they have none: what is outside them is the total less them.
 */
function spendable(
  balance: AssetBalance | undefined,
  hodl: Decimal,
  inPositions: Decimal,
): Decimal {
  const held = balance?.total ?? ZERO
  const free = balance?.free ?? ZERO
  return Decimal.max(ZERO, Decimal.min(held.minus(inPositions), free).minus(hodl))
}

/** Whether a refusal came from the entry gates alone, which lift by themselves or by hand. */
function isRefusedForNow(verdict: RiskValidation): boolean {
  const refusing = verdict.checks.filter((check) => check.outcome === 'rejected')
  return refusing.length > 0 && refusing.every((check) => ENTRY_GATES.includes(check.rule))
}

function outcome(
  status: BatchOutcome['status'],
  fields: {
    orderId?: string | null
    error?: string | null
    size?: Decimal | null
    price?: Decimal | null
  },
): BatchOutcome {
  return {
    status,
    orderId: fields.orderId ?? null,
    error: fields.error ?? null,
    size: fields.size ?? null,
    price: fields.price ?? null,
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
