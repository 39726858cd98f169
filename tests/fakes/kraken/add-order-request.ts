import type { z } from 'zod'
import { assertNever } from '../../../src-shared/assert-never'
import type { SystemStatus } from './endpoint'
import { KrakenError, KrakenErrorText, invalidArgument } from './kraken-errors'
import { Dec, isDecimalText } from './numbers'
import type { CloseSpec, OrderRequest, OrderType, TrailingOffset } from './order-model'
import type { PairCatalogue } from './pair-catalogue'
import type { privateSchemas } from './request-schemas'

/** AddOrder parameters after schema validation. */
export type AddOrderParams = z.infer<typeof privateSchemas.AddOrder>

const TRAILING_OFFSET = /^\+(\d+(?:\.\d+)?)(%?)$/

/**
 * Turns validated AddOrder parameters into an order request, applying the rules the
 * schema cannot express: which prices each order type needs, trailing offsets, leverage,
 * expiry, and what the market's trading mode allows. Relative prices (`+`, `-`, `#`)
 * are accepted only where Kraken requires them (trailing stops).
 */
export function toOrderRequest(
  params: AddOrderParams,
  context: { catalogue: PairCatalogue; status: SystemStatus; nowMs: number },
): OrderRequest {
  const oflags = params.oflags ?? []
  assertTradingMode(context.status, params.ordertype, oflags)
  const pair = context.catalogue.pair(params.pair)
  const type = params.ordertype
  const isViqc = oflags.includes('viqc')
  if (isViqc && !(type === 'market' && params.type === 'buy')) {
    throw KrakenError.of(invalidArgument('viqc'))
  }
  if (params.userref !== undefined && params.cl_ord_id !== undefined) {
    throw KrakenError.of(invalidArgument('cl_ord_id'))
  }
  const volume = new Dec(params.volume)
  const expiresAt = expiryOf(params.expiretm, context.nowMs)
  if (params.timeinforce === 'GTD' && expiresAt === undefined) {
    throw KrakenError.of(invalidArgument('expiretm'))
  }
  return {
    pair,
    side: params.type,
    type,
    volume,
    ...pricesOf(type, params.price, params.price2),
    ...leverageOf(params.leverage),
    ...(params.userref === undefined ? {} : { userref: params.userref }),
    ...(params.cl_ord_id === undefined ? {} : { clientOrderId: params.cl_ord_id }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(params.close ? { close: closeOf(params.close) } : {}),
    ...(isViqc ? { quoteVolume: volume } : {}),
    oflags,
    timeInForce: params.timeinforce ?? 'GTC',
    reduceOnly: params.reduce_only ?? false,
  }
}

function assertTradingMode(status: SystemStatus, type: OrderType, oflags: readonly string[]): void {
  if (status === 'maintenance') throw KrakenError.of(KrakenErrorText.serviceUnavailable)
  if (status === 'cancel_only') throw KrakenError.of(KrakenErrorText.cancelOnlyMode)
  if (status === 'post_only' && !(type === 'limit' && oflags.includes('post'))) {
    throw KrakenError.of(KrakenErrorText.postOnlyMode)
  }
}

function pricesOf(
  type: OrderType,
  priceText: string | undefined,
  price2Text: string | undefined,
): { price?: Dec; price2?: Dec; trailing?: TrailingOffset } {
  switch (type) {
    case 'market':
      return {}
    case 'limit':
    case 'stop-loss':
    case 'take-profit':
      return { price: absolutePrice(priceText, 'price') }
    case 'stop-loss-limit':
    case 'take-profit-limit':
      return {
        price: absolutePrice(priceText, 'price'),
        price2: absolutePrice(price2Text, 'price2'),
      }
    case 'trailing-stop':
      return { trailing: trailingOffset(priceText) }
    default:
      return assertNever(type)
  }
}

function absolutePrice(text: string | undefined, field: string): Dec {
  if (text === undefined || !isDecimalText(text) || /^[+-]/.test(text)) {
    throw KrakenError.of(invalidArgument(field))
  }
  const price = new Dec(text)
  if (price.lte(0)) throw KrakenError.of(invalidArgument(field))
  return price
}

function trailingOffset(text: string | undefined): TrailingOffset {
  const match = text === undefined ? null : TRAILING_OFFSET.exec(text)
  if (!match) throw KrakenError.of(invalidArgument('price'))
  const amount = new Dec(match[1] ?? '0')
  if (amount.lte(0)) throw KrakenError.of(invalidArgument('price'))
  return { amount, isPercent: match[2] === '%' }
}

function leverageOf(text: string | undefined): { leverage?: number } {
  if (text === undefined || text === 'none') return {}
  return { leverage: Number(text.replace(':1', '')) }
}

/** `expiretm`: 0 = none, `+<n>` = n seconds from now, otherwise a Unix time in seconds. */
function expiryOf(text: string | undefined, nowMs: number): number | undefined {
  if (text === undefined || text === '0') return undefined
  const seconds = Number(text.replace('+', ''))
  return text.startsWith('+') ? nowMs + seconds * 1000 : seconds * 1000
}

function closeOf(close: NonNullable<AddOrderParams['close']>): CloseSpec {
  // The simulator places close orders with absolute prices only.
  if (close.ordertype === 'trailing-stop') throw KrakenError.of(invalidArgument('close[ordertype]'))
  const { price, price2 } = pricesOf(close.ordertype, close.price, close.price2)
  return { type: close.ordertype, ...(price ? { price } : {}), ...(price2 ? { price2 } : {}) }
}
