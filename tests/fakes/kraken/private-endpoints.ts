import type { Clock } from '../../../src-main/engine/clock'
import { toOrderRequest } from './add-order-request'
import type { Balances } from './balances'
import type { IdGenerator } from './id-generator'
import { type Endpoint, type SystemStatus, endpoint } from './endpoint'
import { KrakenError, KrakenErrorText, invalidArgument } from './kraken-errors'
import { addOrderDescription, orderView, tradeView } from './kraken-views'
import type { MarginPosition, MarginPositions } from './margin-positions'
import type { MarketData } from './market-data'
import type { MatchingEngine } from './matching-engine'
import { Dec, fixed } from './numbers'
import type { SimOrder, SimTrade } from './order-model'
import type { PairCatalogue } from './pair-catalogue'
import { privateSchemas as schemas } from './request-schemas'

/** What the private endpoints read and change. */
export interface PrivateEndpointDependencies {
  readonly catalogue: PairCatalogue
  readonly engine: MatchingEngine
  readonly balances: Balances
  readonly margin: MarginPositions
  readonly market: MarketData
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly systemStatus: () => SystemStatus
}

/** Kraken pages ClosedOrders and TradesHistory by 50, newest first. */
const PAGE_SIZE = 50

/** Returns Kraken's private methods (POST /0/private/<Method>), keyed by method name. */
export function privateEndpoints(deps: PrivateEndpointDependencies): Record<string, Endpoint> {
  const { catalogue, engine, balances, clock } = deps
  const byClientIds =
    (userref: number | undefined, clientOrderId: string | undefined) => (order: SimOrder) =>
      (userref === undefined || order.userref === userref) &&
      (clientOrderId === undefined || order.clientOrderId === clientOrderId)

  return {
    Balance: endpoint(schemas.Balance, () =>
      Object.fromEntries(
        balances.entries().map(([id, total]) => [id, fixed(total, catalogue.asset(id).decimals)]),
      ),
    ),

    BalanceEx: endpoint(schemas.BalanceEx, () =>
      Object.fromEntries(
        balances.entries().map(([id, total]) => {
          const asset = catalogue.asset(id)
          return [
            id,
            {
              balance: fixed(total, asset.decimals),
              hold_trade: fixed(engine.held(asset), asset.decimals),
            },
          ]
        }),
      ),
    ),

    AddOrder: endpoint(schemas.AddOrder, (params) => {
      const request = toOrderRequest(params, {
        catalogue,
        status: deps.systemStatus(),
        nowMs: clock.now(),
      })
      if (params.validate) {
        return { descr: addOrderDescription(engine.validate(request, { checkFunds: false })) }
      }
      const order = engine.place(request)
      return { descr: addOrderDescription(order), txid: [order.txid] }
    }),

    CancelOrder: endpoint(schemas.CancelOrder, (params) => {
      const count = engine.cancel(cancelSelector(params.txid, params.cl_ord_id))
      if (count === 0) throw KrakenError.of(KrakenErrorText.unknownOrder)
      return { count }
    }),

    AmendOrder: endpoint(schemas.AmendOrder, (params) => {
      if (params.txid === undefined && params.cl_ord_id === undefined) {
        throw KrakenError.of(invalidArgument('txid'))
      }
      engine.amend(
        (order) =>
          params.cl_ord_id === undefined
            ? order.txid === params.txid
            : order.clientOrderId === params.cl_ord_id,
        {
          ...(params.order_qty === undefined ? {} : { volume: new Dec(params.order_qty) }),
          ...(params.trigger_price === undefined
            ? {}
            : { triggerPrice: new Dec(params.trigger_price) }),
          ...(params.limit_price === undefined ? {} : { limitPrice: new Dec(params.limit_price) }),
        },
      )
      return { amend_id: deps.ids.amendId() }
    }),

    CancelAll: endpoint(schemas.CancelAll, () => ({ count: engine.cancel(() => true) })),

    OpenOrders: endpoint(schemas.OpenOrders, (params) => {
      const open = engine.openOrders().filter(byClientIds(params.userref, params.cl_ord_id))
      return { open: keyedViews(open, params.trades ?? false) }
    }),

    ClosedOrders: endpoint(schemas.ClosedOrders, (params) => {
      const closetime = params.closetime ?? 'both'
      const inWindow = (order: SimOrder) => {
        const times = [
          ...(closetime === 'close' ? [] : [order.openedAt]),
          ...(closetime === 'open' ? [] : [order.closedAt ?? 0]),
        ]
        return times.some((ms) => isWithin(ms, params.start, params.end))
      }
      const closed = engine
        .allOrders()
        .filter((order) => order.status !== 'open' && order.status !== 'pending')
        .filter(byClientIds(params.userref, params.cl_ord_id))
        .filter(inWindow)
        .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
      const offset = params.ofs ?? 0
      return {
        closed: keyedViews(closed.slice(offset, offset + PAGE_SIZE), params.trades ?? false),
        count: closed.length,
      }
    }),

    QueryOrders: endpoint(schemas.QueryOrders, (params) => {
      const orders = params.txid.map((txid) => {
        const order = engine.order(txid)
        if (!order) throw KrakenError.of(KrakenErrorText.invalidOrder)
        return order
      })
      return keyedViews(
        orders.filter(byClientIds(params.userref, params.cl_ord_id)),
        params.trades ?? false,
      )
    }),

    TradesHistory: endpoint(schemas.TradesHistory, (params) => {
      const type = params.type ?? 'all'
      const trades = engine
        .allTrades()
        .filter((trade) => isWithin(trade.time, params.start, params.end))
        .filter(
          (trade) => type === 'all' || (type === 'no position') === (trade.leverage === undefined),
        )
        .reverse()
      const offset = params.ofs ?? 0
      return { trades: keyedTrades(trades.slice(offset, offset + PAGE_SIZE)), count: trades.length }
    }),

    QueryTrades: endpoint(schemas.QueryTrades, (params) => {
      const all = engine.allTrades()
      const trades = params.txid.map((id) => {
        const trade = all.find((candidate) => candidate.id === id)
        if (!trade) throw KrakenError.of(invalidArgument('txid'))
        return trade
      })
      return keyedTrades(trades)
    }),

    OpenPositions: endpoint(schemas.OpenPositions, (params) => {
      const positions = deps.margin
        .all()
        .filter((position) => !params.txid || params.txid.includes(position.id))
        .map((position) => positionView(position, deps.market))
      if (params.consolidation === 'market') {
        return positions.map(({ view }) => ({ ...view, positions: '1' }))
      }
      return Object.fromEntries(positions.map(({ id, view }) => [id, view]))
    }),
  }
}

/**
 * CancelOrder's `txid` may be an order id, a userref (all orders carrying it) or a
 * cl_ord_id; `cl_ord_id` names a client order id only.
 */
function cancelSelector(
  txid: string | undefined,
  clientOrderId: string | undefined,
): (order: SimOrder) => boolean {
  if (clientOrderId !== undefined) return (order) => order.clientOrderId === clientOrderId
  if (txid === undefined) throw KrakenError.of(invalidArgument('txid'))
  if (/^-?\d+$/.test(txid)) {
    const userref = Number(txid)
    return (order) => order.userref === userref
  }
  return (order) => order.txid === txid || order.clientOrderId === txid
}

/** Kraken's start and end bounds are exclusive Unix seconds. */
function isWithin(ms: number, start: number | undefined, end: number | undefined): boolean {
  const seconds = ms / 1000
  return (start === undefined || seconds > start) && (end === undefined || seconds < end)
}

function keyedViews(orders: readonly SimOrder[], withTrades: boolean): Record<string, unknown> {
  return Object.fromEntries(orders.map((order) => [order.txid, orderView(order, withTrades)]))
}

function keyedTrades(trades: readonly SimTrade[]): Record<string, unknown> {
  return Object.fromEntries(trades.map((trade) => [trade.id, tradeView(trade)]))
}

function positionView(
  position: MarginPosition,
  market: MarketData,
): { id: string; view: Record<string, unknown> } {
  const { pair } = position
  const decimals = pair.quote.decimals
  const mark = market.price(pair) ?? new Dec(0)
  const value = position.volume.times(mark)
  const net = position.side === 'buy' ? value.minus(position.cost) : position.cost.minus(value)
  return {
    id: position.id,
    view: {
      ordertxid: position.orderTxid,
      posstatus: 'open',
      pair: pair.id,
      time: position.openedAt / 1000,
      type: position.side,
      ordertype: 'market',
      cost: fixed(position.cost, decimals),
      fee: fixed(position.fee, decimals),
      vol: fixed(position.volume, pair.lotDecimals),
      vol_closed: fixed(new Dec(0), pair.lotDecimals),
      margin: fixed(position.margin, decimals),
      value: fixed(value, decimals),
      net: fixed(net, decimals),
      leverage: String(position.leverage),
      terms: '0.0000% per 4 hours',
      rollovertm: '0',
      misc: '',
      oflags: '',
    },
  }
}
