import { z } from 'zod'
import { OHLC_INTERVALS } from './candle-store'
import { KrakenError, invalidArgument } from './kraken-errors'
import { isDecimalText } from './numbers'
import { ORDER_TYPES } from './order-model'
import type { RequestParams } from './request-params'

/**
 * Zod schemas for every endpoint's parameters. Parameters arrive as strings (form
 * bodies) so the schemas parse text; unknown keys are ignored, as Kraken ignores them.
 */

const text = z.string()
const list = text.transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
)
const bool = text.regex(/^(true|false)$/i).transform((value) => value.toLowerCase() === 'true')
const int32 = text
  .regex(/^-?\d{1,10}$/)
  .transform(Number)
  .refine((value) => value >= -(2 ** 31) && value < 2 ** 31)
const positiveInt = text.regex(/^\d{1,9}$/).transform(Number)
const unixSeconds = text.refine(isDecimalText).transform(Number)
const positiveDecimal = text.refine(
  (value) => isDecimalText(value) && !value.startsWith('-') && Number(value) > 0,
)

// Kraken accepts a UUID (with or without dashes) or free text of at most 18 characters.
const clientOrderId = text.regex(
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\x21-\x7e]{1,18})$/,
)

const orderType = z.enum(ORDER_TYPES)
const ORDER_FLAGS = ['post', 'fcib', 'fciq', 'nompp', 'viqc'] as const
const ohlcInterval = text
  .transform(Number)
  .refine((value) => (OHLC_INTERVALS as readonly number[]).includes(value))

/** Schemas of the public endpoints. */
export const publicSchemas = {
  Time: z.object({}),
  SystemStatus: z.object({}),
  Assets: z.object({ asset: list.optional(), aclass: text.optional() }),
  AssetPairs: z.object({
    pair: list.optional(),
    info: z.enum(['info', 'leverage', 'fees', 'margin']).optional(),
    country_code: text.optional(),
  }),
  Ticker: z.object({ pair: list.optional() }),
  OHLC: z.object({
    pair: text.min(1),
    interval: ohlcInterval.optional(),
    since: unixSeconds.optional(),
  }),
  Depth: z.object({
    pair: text.min(1),
    count: positiveInt.refine((value) => value >= 1 && value <= 500).optional(),
  }),
  Trades: z.object({ pair: text.min(1), since: text.optional(), count: positiveInt.optional() }),
}

const closeSpec = z.object({
  ordertype: orderType,
  price: text.optional(),
  price2: text.optional(),
})

/** Schemas of the private endpoints. */
export const privateSchemas = {
  Balance: z.object({}),
  BalanceEx: z.object({}),
  AddOrder: z.object({
    pair: text.min(1),
    type: z.enum(['buy', 'sell']),
    ordertype: orderType,
    volume: positiveDecimal,
    price: text.optional(),
    price2: text.optional(),
    trigger: z.enum(['index', 'last']).optional(),
    leverage: text.regex(/^(none|\d+(:1)?)$/).optional(),
    reduce_only: bool.optional(),
    userref: int32.optional(),
    cl_ord_id: clientOrderId.optional(),
    oflags: list.pipe(z.array(z.enum(ORDER_FLAGS))).optional(),
    timeinforce: z.enum(['GTC', 'IOC', 'GTD']).optional(),
    starttm: text.optional(),
    expiretm: text.regex(/^(0|\+?\d+(\.\d+)?)$/).optional(),
    deadline: text.optional(),
    displayvol: text.optional(),
    stptype: z.enum(['cancel-newest', 'cancel-oldest', 'cancel-both']).optional(),
    validate: bool.optional(),
    close: closeSpec.optional(),
  }),
  CancelOrder: z.object({ txid: text.min(1).optional(), cl_ord_id: text.min(1).optional() }),
  AmendOrder: z.object({
    txid: text.min(1).optional(),
    cl_ord_id: text.min(1).optional(),
    order_qty: positiveDecimal.optional(),
    limit_price: positiveDecimal.optional(),
    trigger_price: positiveDecimal.optional(),
    post_only: bool.optional(),
    deadline: text.optional(),
  }),
  CancelAll: z.object({}),
  OpenOrders: z.object({
    trades: bool.optional(),
    userref: int32.optional(),
    cl_ord_id: text.optional(),
  }),
  ClosedOrders: z.object({
    trades: bool.optional(),
    userref: int32.optional(),
    cl_ord_id: text.optional(),
    start: unixSeconds.optional(),
    end: unixSeconds.optional(),
    ofs: positiveInt.optional(),
    closetime: z.enum(['open', 'close', 'both']).optional(),
  }),
  QueryOrders: z.object({
    txid: list.refine((ids) => ids.length >= 1 && ids.length <= 50),
    trades: bool.optional(),
    userref: int32.optional(),
    cl_ord_id: text.optional(),
  }),
  TradesHistory: z.object({
    type: z
      .enum(['all', 'any position', 'closed position', 'closing position', 'no position'])
      .optional(),
    trades: bool.optional(),
    start: unixSeconds.optional(),
    end: unixSeconds.optional(),
    ofs: positiveInt.optional(),
  }),
  QueryTrades: z.object({
    txid: list.refine((ids) => ids.length >= 1 && ids.length <= 20),
    trades: bool.optional(),
  }),
  OpenPositions: z.object({
    txid: list.optional(),
    docalcs: bool.optional(),
    consolidation: z.enum(['market']).optional(),
  }),
}

/**
 * Parses parameters with a schema, or throws Kraken's invalid-arguments error naming the
 * first offending field ("EGeneral:Invalid arguments:volume").
 */
export function parseParams<S extends z.ZodType>(schema: S, params: RequestParams): z.infer<S> {
  const result = schema.safeParse(params)
  if (result.success) return result.data
  const [issue] = result.error.issues
  const field = issue?.path[0]
  throw KrakenError.of(invalidArgument(typeof field === 'string' ? field : undefined))
}
