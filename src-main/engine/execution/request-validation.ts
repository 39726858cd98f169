import Decimal from 'decimal.js'
import { priceDeviationPct } from '../market/price-deviation'
import type { MarketRules } from './broker/broker'
import { roundDownToStep, roundToStep, roundUpToStep } from './broker/round-to-step'
import type { ExecutionRequest } from './execution-request'
import { failure, type ExecutionErrorCode, type ExecutionResult } from './execution-result'
import type { Position } from './position'

/** What a request is checked against. */
export interface ValidationContext {
  /** The market's trading rules; null when the broker does not trade the symbol. */
  readonly rules: MarketRules | null
  readonly maxLeverage: number
  /** The latest market price, null before the first one. */
  readonly marketPrice: Decimal | null
  /** How old that price is, in ms; null before the first one. */
  readonly marketPriceAgeMs: number | null
  /** Entries and rebalance trades are refused on a market price older than this. */
  readonly maxPriceAgeMs: number
  readonly maxPriceDeviationPct: number
  readonly openPositions: readonly Position[]
  /** Symbols of entry orders still in flight (they will become positions). */
  readonly pendingEntrySymbols: readonly string[]
  readonly maxPerSymbol: number
  readonly maxTotal: number
}

/** A request's size and prices as they are stored and sent. */
export interface ValidRequest {
  /** On the market's amount step; a buy's no costlier at its limit than at the price asked. */
  readonly size: Decimal
  /** Protective levels on the nearest tick of the market, as the exchange would hold them. */
  readonly stopLoss: Decimal | null
  readonly takeProfit: Decimal | null
  /**
   * A limit order's price on the market's tick, rounded toward the market (a buy's up, a
   * sell's down): it fills at least as readily as asked, by less than a tick, and the
   * exchange client sends it unchanged.
   */
  readonly limitPrice: Decimal | null
}

/**
 * Checks a request before anything is stored (seed 001 v1.1–v1.2): size > 0 and still
 * tradable after rounding to the market's step and minimums, leverage, limit price present
 * and within the allowed deviation from the market, a market price recent enough to trade
 * on (entries and rebalances: a close is never held back), protective levels on the right side,
 * and — for entries — the position limits per symbol and in total. Prices are put on the
 * market's tick first, so what is checked and stored is what the exchange holds: protective
 * levels on the nearest tick, a limit price on the tick toward the market (to the nearest,
 * a limit at the market price of data finer than the tick could land on the far side of
 * it and no longer meet the market; a buy's size then shrinks so that it costs no more than
 * asked). Returns the size and prices to send, or a refusal with a stable code.
 */
export function validateRequest(
  request: ExecutionRequest,
  checks: ValidationContext,
): ValidRequest | { code: ExecutionErrorCode; result: ExecutionResult } {
  const deny = (code: ExecutionErrorCode, details: string) => ({
    code,
    result: failure(code, details),
  })
  const context = `symbol=${request.symbol} correlation=${request.correlationId}`
  const { rules, maxLeverage } = checks
  if (!rules) return deny('INVALID_REQUEST', `${context} reason=unknown symbol`)
  if (!request.correlationId)
    return deny('INVALID_REQUEST', `${context} reason=correlationId required`)
  if (!request.size.isFinite() || request.size.lte(0)) {
    return deny(
      'INVALID_SIZE',
      `${context} size=${request.size.toString()} reason=size must be > 0`,
    )
  }
  if (
    !Number.isInteger(request.leverage) ||
    request.leverage < 1 ||
    request.leverage > maxLeverage
  ) {
    return deny(
      'INVALID_REQUEST',
      `${context} leverage=${request.leverage} allowed=1..${maxLeverage}`,
    )
  }
  if (
    request.expiresAfterSeconds !== undefined &&
    (request.orderType !== 'limit' || !(request.expiresAfterSeconds > 0))
  ) {
    return deny(
      'INVALID_REQUEST',
      `${context} expires_after_seconds=${request.expiresAfterSeconds} reason=limit orders only, > 0`,
    )
  }
  if (request.orderType === 'limit' && !(request.limitPrice && request.limitPrice.gt(0))) {
    return deny('INVALID_REQUEST', `${context} reason=limit order needs a limit price > 0`)
  }
  const priceAgeMs = checks.marketPriceAgeMs
  if (request.role !== 'close' && priceAgeMs !== null && priceAgeMs > checks.maxPriceAgeMs) {
    return deny(
      'STALE_PRICE',
      `${context} price_age_ms=${priceAgeMs} max_ms=${checks.maxPriceAgeMs} reason=market price too old to trade on`,
    )
  }
  const onTick = (level: Decimal | undefined) =>
    level ? roundToStep(level, rules.priceStep) : null
  const stopLoss = onTick(request.stopLoss)
  const takeProfit = onTick(request.takeProfit)
  const limitPrice =
    request.orderType === 'limit'
      ? request.side === 'buy'
        ? roundUpToStep(request.limitPrice!, rules.priceStep)
        : roundDownToStep(request.limitPrice!, rules.priceStep)
      : null
  const prices = { stopLoss, takeProfit, limitPrice }
  // The size was funded at the price asked (the risk engine sized it to the free balance
  // there): a buy's limit moved up to the tick keeps its cost by shrinking the size alike.
  const fundedSize =
    limitPrice && request.side === 'buy' && limitPrice.gt(request.limitPrice!)
      ? request.size.times(request.limitPrice!).div(limitPrice)
      : request.size
  const size = roundDownToStep(fundedSize, rules.amountStep)
  if (size.lte(0) || size.lt(rules.minSize)) {
    return deny(
      'INVALID_SIZE',
      `${context} size=${request.size.toString()} computed=${size.toString()} min=${rules.minSize.toString()}`,
    )
  }
  const market = checks.marketPrice
  const reference = limitPrice ?? market
  if (reference && size.times(reference).lt(rules.minCost)) {
    return deny(
      'INVALID_SIZE',
      `${context} cost=${size.times(reference).toString()} min_cost=${rules.minCost.toString()}`,
    )
  }
  if (limitPrice && market) {
    const deviation = priceDeviationPct(limitPrice, market)
    if (deviation.gt(checks.maxPriceDeviationPct)) {
      return deny(
        'PRICE_OUT_OF_RANGE',
        `${context} limit=${limitPrice.toString()} market=${market.toString()} deviation_pct=${deviation.toFixed(2)} max=${checks.maxPriceDeviationPct}`,
      )
    }
  }
  if (request.role === 'close') {
    const position = request.positionId
      ? checks.openPositions.find((p) => p.id === request.positionId)
      : undefined
    if (!position)
      return deny('POSITION_NOT_FOUND', `${context} position=${request.positionId ?? 'none'}`)
    if (position.symbol !== request.symbol) {
      return deny(
        'INVALID_REQUEST',
        `${context} position=${position.id} position_symbol=${position.symbol}`,
      )
    }
    return { ...prices, size: Decimal.min(size, position.size) }
  }
  if (request.role !== 'entry') return { ...prices, size }
  if (reference) {
    const isLong = request.side === 'buy'
    if (stopLoss && (isLong ? stopLoss.gte(reference) : stopLoss.lte(reference))) {
      return deny(
        'INVALID_PROTECTION',
        `${context} side=${request.side} stop_loss=${stopLoss.toString()} reference=${reference.toString()}`,
      )
    }
    if (takeProfit && (isLong ? takeProfit.lte(reference) : takeProfit.gte(reference))) {
      return deny(
        'INVALID_PROTECTION',
        `${context} side=${request.side} take_profit=${takeProfit.toString()} reference=${reference.toString()}`,
      )
    }
  }
  const perSymbol =
    checks.openPositions.filter((position) => position.symbol === request.symbol).length +
    checks.pendingEntrySymbols.filter((symbol) => symbol === request.symbol).length
  if (perSymbol >= checks.maxPerSymbol) {
    return deny(
      'MAX_POSITIONS_PER_SYMBOL',
      `${context} open=${perSymbol} limit=${checks.maxPerSymbol}`,
    )
  }
  const total = checks.openPositions.length + checks.pendingEntrySymbols.length
  if (total >= checks.maxTotal) {
    return deny('MAX_POSITIONS_TOTAL', `${context} open=${total} limit=${checks.maxTotal}`)
  }
  return { ...prices, size }
}
