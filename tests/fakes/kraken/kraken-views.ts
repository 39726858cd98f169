import { assertNever } from '../../../src-shared/assert-never'
import { Dec, fixed } from './numbers'
import type { CloseSpec, OrderType, SimOrder, SimTrade, TrailingOffset } from './order-model'
import type { PairSpec } from './pair-catalogue'

/** The order fields that shape Kraken's `descr.order` text. */
interface DescribedOrder {
  readonly pair: PairSpec
  readonly side: string
  readonly type: OrderType
  readonly volume: Dec
  readonly price?: Dec
  readonly price2?: Dec
  readonly trailing?: TrailingOffset
  readonly leverage?: number
  readonly quoteVolume?: Dec
  readonly close?: CloseSpec
}

/**
 * Returns Kraken's human-readable order description, which ccxt parses word by word
 * ("sell 0.00100000 XBTUSDT @ stop loss 25000.0 -> limit 24900.0"), so spacing matters.
 */
export function describeOrder(order: DescribedOrder): string {
  const volume = fixed(order.quoteVolume ?? order.volume, order.pair.lotDecimals)
  const leverage = order.leverage ? ` with ${order.leverage}:1 leverage` : ''
  const execution = describeExecution(
    order.pair,
    order.type,
    order.price,
    order.price2,
    order.trailing,
  )
  return `${order.side} ${volume} ${order.pair.altname} @ ${execution}${leverage}`
}

/** Returns the `descr.close` text of an order with a conditional close, or "". */
export function describeClose(pair: PairSpec, close: CloseSpec | undefined): string {
  if (!close) return ''
  return `close position @ ${describeExecution(pair, close.type, close.price, close.price2, undefined)}`
}

/** Returns the `descr` object AddOrder answers with. */
export function addOrderDescription(order: DescribedOrder): { order: string; close?: string } {
  const close = describeClose(order.pair, order.close)
  return close ? { order: describeOrder(order), close } : { order: describeOrder(order) }
}

/** Returns an order as OpenOrders, ClosedOrders and QueryOrders write it. */
export function orderView(order: SimOrder, withTrades: boolean): Record<string, unknown> {
  const { pair } = order
  const quoteDecimals = pair.quote.decimals
  const average = order.filled.isZero() ? new Dec(0) : order.cost.div(order.filled)
  const view: Record<string, unknown> = {
    refid: order.refid ?? null,
    userref: order.userref ?? null,
    ...(order.clientOrderId === undefined ? {} : { cl_ord_id: order.clientOrderId }),
    status: order.status,
    reason: order.reason ?? null,
    opentm: order.openedAt / 1000,
    ...(order.closedAt === undefined ? {} : { closetm: order.closedAt / 1000 }),
    starttm: 0,
    expiretm: order.expiresAt === undefined ? 0 : order.expiresAt / 1000,
    descr: {
      pair: pair.altname,
      type: order.side,
      ordertype: order.type,
      price: descrPrice(
        pair,
        order.type === 'trailing-stop' ? undefined : order.price,
        order.trailing,
      ),
      price2: descrPrice(pair, order.price2, undefined),
      leverage: order.leverage ? `${order.leverage}:1` : 'none',
      order: describeOrder(order),
      close: describeClose(pair, order.close),
    },
    vol: fixed(order.volume, pair.lotDecimals),
    vol_exec: fixed(order.filled, pair.lotDecimals),
    cost: fixed(order.cost, quoteDecimals),
    fee: fixed(order.fee, quoteDecimals),
    price: fixed(average, pair.pairDecimals + 4),
    stopprice: order.isTriggered && order.price ? fixed(order.price, pair.pairDecimals) : '0.00000',
    limitprice:
      order.isTriggered && order.price2 ? fixed(order.price2, pair.pairDecimals) : '0.00000',
    misc: '',
    oflags: [...order.oflags.filter((flag) => flag !== 'fcib' && flag !== 'fciq'), 'fciq'].join(
      ',',
    ),
  }
  if (order.reduceOnly) view.reduce_only = true
  if (withTrades && order.tradeIds.length > 0) view.trades = [...order.tradeIds]
  return view
}

/** Returns a fill as TradesHistory and QueryTrades write it. */
export function tradeView(trade: SimTrade): Record<string, unknown> {
  const { pair } = trade
  return {
    ordertxid: trade.orderTxid,
    postxid: trade.positionTxid,
    pair: pair.id,
    time: trade.time / 1000,
    type: trade.side,
    ordertype: trade.orderType,
    price: fixed(trade.price, pair.pairDecimals),
    cost: fixed(trade.cost, pair.quote.decimals),
    fee: fixed(trade.fee, pair.quote.decimals),
    vol: fixed(trade.volume, pair.lotDecimals),
    margin: fixed(trade.margin, pair.quote.decimals),
    leverage: trade.leverage ? String(trade.leverage) : '0',
    misc: '',
    trade_id: trade.tradeNumber,
    maker: trade.isMaker,
  }
}

function describeExecution(
  pair: PairSpec,
  type: OrderType,
  price: Dec | undefined,
  price2: Dec | undefined,
  trailing: TrailingOffset | undefined,
): string {
  const p = (value: Dec | undefined) => (value ? fixed(value, pair.pairDecimals) : '0')
  switch (type) {
    case 'market':
      return 'market'
    case 'limit':
      return `limit ${p(price)}`
    case 'stop-loss':
      return `stop loss ${p(price)}`
    case 'take-profit':
      return `take profit ${p(price)}`
    case 'stop-loss-limit':
      return `stop loss ${p(price)} -> limit ${p(price2)}`
    case 'take-profit-limit':
      return `take profit ${p(price)} -> limit ${p(price2)}`
    case 'trailing-stop':
      return `trailing stop ${trailingText(pair, trailing)}`
    default:
      return assertNever(type)
  }
}

function descrPrice(
  pair: PairSpec,
  price: Dec | undefined,
  trailing: TrailingOffset | undefined,
): string {
  if (trailing) return trailingText(pair, trailing)
  return price ? fixed(price, pair.pairDecimals) : '0'
}

function trailingText(pair: PairSpec, trailing: TrailingOffset | undefined): string {
  if (!trailing) return '+0'
  return trailing.isPercent
    ? `+${fixed(trailing.amount, 4)}%`
    : `+${fixed(trailing.amount, pair.pairDecimals)}`
}
