import Decimal from 'decimal.js'
import { z } from 'zod'
import type {
  BrokerBalance,
  BrokerOrder,
  BrokerOrderStatus,
  BrokerTrade,
  MarketRules,
} from '../broker/broker'
import { BrokerError } from '../broker/broker-error'
import type { OrderType } from '../order-types'

/*
 * Pure functions from what ccxt returns (its unified structure plus the raw Kraken payload
 * in `info`) to our types. Amounts and prices are read from the raw strings, never from
 * ccxt's floats; ccxt supplies the symbol mapping (XBTUSDT ↔ BTC/USDT).
 */

const decimalText = z.union([z.string(), z.number()]).transform((value) => String(value))

const rawOrderSchema = z.looseObject({
  status: z.string().optional(),
  cl_ord_id: z.string().nullish(),
  vol: decimalText.optional(),
  vol_exec: decimalText.optional(),
  price: decimalText.optional(),
  cost: decimalText.optional(),
  fee: decimalText.optional(),
  opentm: z.number().optional(),
  descr: z
    .looseObject({
      ordertype: z.string().optional(),
      price: decimalText.optional(),
      price2: decimalText.optional(),
      leverage: z.string().optional(),
    })
    .optional(),
})

const ccxtOrderSchema = z.looseObject({
  id: z.string().min(1),
  clientOrderId: z.string().nullish(),
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  type: z.string().nullish(),
  status: z.string().nullish(),
  amount: z.number().nullish(),
  price: z.number().nullish(),
  stopLossPrice: z.number().nullish(),
  takeProfitPrice: z.number().nullish(),
  timestamp: z.number().nullish(),
  info: rawOrderSchema,
})

const STATUSES: Readonly<Record<string, BrokerOrderStatus>> = {
  pending: 'open',
  open: 'open',
  closed: 'closed',
  canceled: 'canceled',
  expired: 'expired',
  rejected: 'rejected',
}

/**
 * Parses a ccxt kraken order (from QueryOrders, OpenOrders, ClosedOrders or AddOrder's
 * acknowledgement, which carries only `descr` and `txid`) into a {@link BrokerOrder}.
 */
export function parseKrakenOrder(payload: unknown, nowMs: number): BrokerOrder {
  const order = parseOrThrow(ccxtOrderSchema, payload, 'order')
  const raw = order.info
  const type = orderTypeOf(raw.descr?.ordertype, order)
  const size =
    raw.vol ?? (order.amount === null || order.amount === undefined ? null : String(order.amount))
  if (size === null) throw invalidPayload('order', `order ${order.id} has no volume`)
  const filled = new Decimal(raw.vol_exec ?? '0')
  const average = filled.gt(0) ? averageOf(raw.price, raw.cost, filled) : null
  const descrPrice = positive(raw.descr?.price)
  const isTrigger = type === 'stop-loss' || type === 'take-profit'
  const triggerFromCcxt = isTrigger ? (order.stopLossPrice ?? order.takeProfitPrice ?? null) : null
  return {
    externalId: order.id,
    clientOrderId: raw.cl_ord_id ? raw.cl_ord_id : null,
    symbol: order.symbol,
    side: order.side,
    type,
    status: statusOf(raw.status ?? order.status ?? 'open'),
    size: new Decimal(size),
    filledSize: filled,
    averagePrice: average,
    fee: new Decimal(raw.fee ?? '0'),
    price: type === 'limit' ? (descrPrice ?? numberToDecimal(order.price)) : null,
    triggerPrice: isTrigger ? (descrPrice ?? numberToDecimal(triggerFromCcxt)) : null,
    leverage: leverageOf(raw.descr?.leverage),
    timestampMs:
      order.timestamp ?? (raw.opentm !== undefined ? Math.round(raw.opentm * 1000) : nowMs),
  }
}

const ccxtTradeSchema = z.looseObject({
  id: z.string().min(1),
  order: z.string().min(1),
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  timestamp: z.number(),
  fee: z.looseObject({ currency: z.string().nullish() }).nullish(),
  info: z.looseObject({
    price: decimalText,
    vol: decimalText,
    fee: decimalText,
  }),
})

/** Parses a ccxt kraken trade (TradesHistory) into a {@link BrokerTrade}. */
export function parseKrakenTrade(payload: unknown): BrokerTrade {
  const trade = parseOrThrow(ccxtTradeSchema, payload, 'trade')
  const quote = trade.symbol.split('/')[1] ?? ''
  return {
    tradeId: trade.id,
    externalOrderId: trade.order,
    symbol: trade.symbol,
    side: trade.side,
    size: new Decimal(trade.info.vol),
    price: new Decimal(trade.info.price),
    fee: new Decimal(trade.info.fee),
    feeAsset: trade.fee?.currency ?? quote,
    timestampMs: trade.timestamp,
  }
}

const balanceExSchema = z.record(
  z.string(),
  z.looseObject({ balance: decimalText, hold_trade: decimalText.optional() }),
)

/**
 * Parses Kraken's BalanceEx payload (ccxt `fetchBalance().info`) into balances by ccxt
 * currency code; `codeOf` maps Kraken asset ids (XXBT) to codes (BTC).
 */
export function parseKrakenBalances(
  payload: unknown,
  codeOf: (assetId: string) => string,
): Record<string, BrokerBalance> {
  const envelope = parseOrThrow(z.looseObject({ result: balanceExSchema }), payload, 'balance')
  const balances: Record<string, BrokerBalance> = {}
  for (const [assetId, entry] of Object.entries(envelope.result)) {
    const total = new Decimal(entry.balance)
    const used = new Decimal(entry.hold_trade ?? '0')
    const code = codeOf(assetId)
    const previous = balances[code]
    // Kraken may list one currency under several ids (e.g. staked variants); add them up.
    balances[code] = previous
      ? {
          total: previous.total.plus(total),
          used: previous.used.plus(used),
          free: previous.free.plus(total.minus(used)),
        }
      : { total, used, free: total.minus(used) }
  }
  return balances
}

const ccxtMarketSchema = z.looseObject({
  symbol: z.string().min(1),
  info: z.looseObject({
    lot_decimals: z.number().int().nonnegative(),
    pair_decimals: z.number().int().nonnegative(),
    ordermin: decimalText.optional(),
    costmin: decimalText.optional(),
    tick_size: decimalText.optional(),
  }),
})

/** Parses a ccxt kraken market (AssetPairs entry in `info`) into {@link MarketRules}. */
export function parseKrakenMarket(payload: unknown): MarketRules {
  const market = parseOrThrow(ccxtMarketSchema, payload, 'market')
  const { info } = market
  return {
    symbol: market.symbol,
    amountStep: new Decimal(10).pow(-info.lot_decimals),
    priceStep: info.tick_size
      ? new Decimal(info.tick_size)
      : new Decimal(10).pow(-info.pair_decimals),
    minSize: new Decimal(info.ordermin ?? '0'),
    minCost: new Decimal(info.costmin ?? '0'),
  }
}

function orderTypeOf(raw: string | undefined, order: z.infer<typeof ccxtOrderSchema>): OrderType {
  switch (raw) {
    case 'market':
    case 'limit':
    case 'stop-loss':
    case 'take-profit':
      return raw
    case undefined:
      if (order.stopLossPrice) return 'stop-loss'
      if (order.takeProfitPrice) return 'take-profit'
      if (order.type === 'limit' || order.type === 'market') return order.type
      throw invalidPayload('order', `order ${order.id} has no type`)
    default:
      // Kinds we never send (iceberg, trailing, *-limit): not ours to manage.
      throw invalidPayload('order', `order ${order.id} has unsupported type ${raw}`)
  }
}

function statusOf(raw: string): BrokerOrderStatus {
  const status = STATUSES[raw]
  if (!status) throw invalidPayload('order', `unknown order status ${raw}`)
  return status
}

function leverageOf(raw: string | undefined): number {
  if (!raw || raw === 'none') return 1
  const leverage = Number.parseInt(raw, 10)
  return Number.isInteger(leverage) && leverage > 0 ? leverage : 1
}

/**
 * Returns the average fill price: Kraken's `price`, or, where that is missing or 0 though
 * volume executed, `cost` (total in quote currency) / `vol_exec`. ccxt gives no help here:
 * it derives its `average` from `price` alone and ignores the raw `cost` (its unified `cost`
 * comes from `average` or the order's trades), so both are read from `info`.
 */
function averageOf(
  price: string | undefined,
  cost: string | undefined,
  filled: Decimal,
): Decimal | null {
  const reported = positive(price)
  if (reported) return reported
  const total = positive(cost)
  return total ? total.div(filled) : null
}

function positive(raw: string | undefined): Decimal | null {
  if (raw === undefined) return null
  const value = new Decimal(raw)
  return value.gt(0) ? value : null
}

function numberToDecimal(value: number | null | undefined): Decimal | null {
  return value === null || value === undefined ? null : new Decimal(String(value))
}

function parseOrThrow<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.output<T> {
  const result = schema.safeParse(payload)
  if (result.success) return result.data
  throw invalidPayload(
    what,
    result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
  )
}

function invalidPayload(what: string, detail: string): BrokerError {
  // An answer we cannot read: a human must look (stop), not something to retry blindly.
  return new BrokerError('operational', 'UNREADABLE_EXCHANGE_PAYLOAD', {
    context: { payload: what, detail },
  })
}
