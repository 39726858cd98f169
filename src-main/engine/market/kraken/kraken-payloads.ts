import Decimal from 'decimal.js'
import { z } from 'zod'
import { Candle } from '../candle'
import type { CandleRejection } from '../candle-rejection'
import { CandleSequenceGuard } from '../candle-sequence-guard'
import { validateCandle } from '../candle-validation'
import type { PayloadRejection, Tick } from '../market-data-source'
import { MarketExchangeError, type ExchangeCandles } from '../market-exchange'
import type { OrderBookLevel, OrderBookLevels } from '../order-book-summary'

/*
 * Pure parsers from Kraken payloads (REST, as ccxt's implicit API returns them; websocket,
 * as ccxt's watch methods return them) to the engine's types. Structure is checked with zod;
 * candle values with the core's candle validation. A malformed envelope throws
 * MarketExchangeError('invalid-payload'); a bad row or ticker is refused with a reason and
 * the rest is kept. Wire formats: ../shared/reference/kraken-rest-and-ccxt.md §1.5–1.7, §6.
 */

/** Kraken's envelope: `{"error":[...],"result":{...}}` (ccxt has already thrown on errors). */
const envelopeSchema = z.looseObject({ result: z.record(z.string(), z.unknown()) })

const text = z.string()

/** An OHLC row: [time s, open, high, low, close, vwap, volume, count]. */
const ohlcRowSchema = z
  .tuple([z.number().int().nonnegative(), text, text, text, text, text, text])
  .rest(z.unknown())

/** A ticker entry; a = [ask, whole lot volume, lot volume], b = bid, c = [last, volume]. */
const tickerEntrySchema = z.looseObject({
  a: z.tuple([text]).rest(z.unknown()),
  b: z.tuple([text]).rest(z.unknown()),
  c: z.tuple([text]).rest(z.unknown()),
})

/** A book level: [price, volume, timestamp]. */
const depthLevelSchema = z.tuple([text, text]).rest(z.unknown())
const depthSchema = z.looseObject({
  asks: z.array(depthLevelSchema),
  bids: z.array(depthLevelSchema),
})

/** ccxt's unified OHLCV row: [open time ms, open, high, low, close, volume]. */
const streamedRowSchema = z.tuple([
  z.number().int().nonnegative(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
])

/** ccxt's unified ticker, as watchTicker resolves it (numbers or undefined). */
const streamedTickerSchema = z.looseObject({
  last: z.number().positive(),
  bid: z.number().positive().nullish(),
  ask: z.number().positive().nullish(),
})

const POSITIVE_DECIMAL = /^(?=[^1-9]*[1-9])\d+(\.\d+)?$/
const NON_NEGATIVE_DECIMAL = /^\d+(\.\d+)?$/

/** Names where a payload came from, for refusal messages. */
export interface PayloadContext {
  readonly symbol: string
  readonly pairId: string
}

/**
 * Parses the result of `GET /0/public/OHLC` into validated 1-minute candles. Only committed
 * rows count: Kraken's `last` is the open time of the newest one, and the row after it is the
 * minute still forming — its close and volume would change — however late the local clock is.
 */
export function parseOhlcResponse(response: unknown, context: PayloadContext): ExchangeCandles {
  const result = resultOfEnvelope(response, 'OHLC', context)
  const rows = z.array(z.unknown()).safeParse(result[context.pairId])
  if (!rows.success) throw invalidPayload('OHLC', context, rows.error)
  const last = z.number().int().nonnegative().safeParse(result.last)
  if (!last.success) throw invalidPayload('OHLC', context, last.error, 'last')
  const guard = new CandleSequenceGuard(context.symbol, '1m')
  const candles: Candle[] = []
  const rejections: (CandleRejection | PayloadRejection)[] = []
  rows.data.forEach((raw, index) => {
    const row = ohlcRowSchema.safeParse(raw)
    if (!row.success) {
      rejections.push(payloadRejection(context, { row: index, issue: firstIssue(row.error) }))
      return
    }
    const [seconds, open, high, low, close, , volume] = row.data
    if (seconds > last.data) return
    const built = Candle.fromStrings({
      timestampMs: seconds * 1000,
      open,
      high,
      low,
      close,
      volume,
    })
    if (!built.ok) {
      rejections.push(withSymbol(built.rejection, context))
      return
    }
    const rejection = validateCandle(built.candle, '1m') ?? guard.accept(built.candle)
    if (rejection !== null) rejections.push(withSymbol(rejection, context))
    else candles.push(built.candle)
  })
  return { candles, rejections }
}

/**
 * Parses the result of `GET /0/public/Ticker` for several pairs. A pair missing from the
 * answer or with an unusable entry is refused; the others become ticks at `nowMs`.
 */
export function parseTickerResponse(
  response: unknown,
  pairs: readonly PayloadContext[],
  nowMs: number,
): { ticks: Tick[]; rejections: { symbol: string; rejection: PayloadRejection }[] } {
  const result = resultOfEnvelope(response, 'Ticker', pairs[0])
  const ticks: Tick[] = []
  const rejections: { symbol: string; rejection: PayloadRejection }[] = []
  for (const context of pairs) {
    const entry = tickerEntrySchema.safeParse(result[context.pairId])
    if (!entry.success) {
      rejections.push({
        symbol: context.symbol,
        rejection: payloadRejection(context, { issue: firstIssue(entry.error) }),
      })
      continue
    }
    const last = entry.data.c[0]
    const bid = entry.data.b[0]
    const ask = entry.data.a[0]
    const bad = [
      ['last', last],
      ['bid', bid],
      ['ask', ask],
    ].find(([, value]) => !POSITIVE_DECIMAL.test(value as string))
    if (bad !== undefined) {
      rejections.push({
        symbol: context.symbol,
        rejection: payloadRejection(context, {
          field: bad[0] as string,
          value: JSON.stringify(bad[1]),
        }),
      })
      continue
    }
    ticks.push({ symbol: context.symbol, timestampMs: nowMs, last, bid, ask })
  }
  return { ticks, rejections }
}

/**
 * Parses the result of `GET /0/public/Depth` (keyed by pair id, or by the websocket name as
 * ccxt also accepts) into book levels, best first. Throws on a malformed book.
 */
export function parseDepthResponse(
  response: unknown,
  context: PayloadContext,
  wsName?: string,
): OrderBookLevels {
  const result = resultOfEnvelope(response, 'Depth', context)
  const raw = result[context.pairId] ?? (wsName === undefined ? undefined : result[wsName])
  const book = depthSchema.safeParse(raw)
  if (!book.success) throw invalidPayload('Depth', context, book.error)
  const level = ([price, volume]: readonly [string, string, ...unknown[]]): OrderBookLevel => {
    if (!POSITIVE_DECIMAL.test(price) || !NON_NEGATIVE_DECIMAL.test(volume)) {
      throw new MarketExchangeError(
        'invalid-payload',
        `INVALID_PAYLOAD: method=Depth symbol=${context.symbol} price=${JSON.stringify(price)} volume=${JSON.stringify(volume)}`,
      )
    }
    return { price, volume }
  }
  const bids = book.data.bids.map(level)
  const asks = book.data.asks.map(level)
  // Best first, whatever order the answer had.
  bids.sort((a, b) => new Decimal(b.price).cmp(a.price))
  asks.sort((a, b) => new Decimal(a.price).cmp(b.price))
  return { bids, asks }
}

/** Parses what ccxt's watchOHLCV resolved with (numbers) into validated candles. */
export function parseStreamedCandles(rows: unknown, symbol: string): ExchangeCandles {
  const context = { symbol, pairId: symbol }
  const list = z.array(z.unknown()).safeParse(rows)
  if (!list.success) throw invalidPayload('watchOHLCV', context, list.error)
  const candles: Candle[] = []
  const rejections: (CandleRejection | PayloadRejection)[] = []
  list.data.forEach((raw, index) => {
    const row = streamedRowSchema.safeParse(raw)
    if (!row.success) {
      rejections.push(payloadRejection(context, { row: index, issue: firstIssue(row.error) }))
      return
    }
    const [timestampMs, open, high, low, close, volume] = row.data
    const candle = Candle.fromDecimals({
      timestampMs,
      open: new Decimal(open),
      high: new Decimal(high),
      low: new Decimal(low),
      close: new Decimal(close),
      volume: new Decimal(volume),
    })
    const rejection = validateCandle(candle, '1m')
    if (rejection !== null) rejections.push(withSymbol(rejection, context))
    else candles.push(candle)
  })
  candles.sort((a, b) => a.timestampMs - b.timestampMs)
  return { candles, rejections }
}

/** Parses what ccxt's watchTicker resolved with into a tick at `nowMs`; throws when unusable. */
export function parseStreamedTicker(ticker: unknown, symbol: string, nowMs: number): Tick {
  const parsed = streamedTickerSchema.safeParse(ticker)
  if (!parsed.success) {
    throw invalidPayload('watchTicker', { symbol, pairId: symbol }, parsed.error)
  }
  const { last, bid, ask } = parsed.data
  return {
    symbol,
    timestampMs: nowMs,
    last: numberText(last),
    bid: bid == null ? null : numberText(bid),
    ask: ask == null ? null : numberText(ask),
  }
}

/** A double as a plain decimal string: its shortest round-trip digits, no exponent. */
export function numberText(value: number): string {
  return new Decimal(value).toFixed()
}

function resultOfEnvelope(
  response: unknown,
  method: string,
  context: PayloadContext | undefined,
): Record<string, unknown> {
  const envelope = envelopeSchema.safeParse(response)
  if (!envelope.success) {
    throw invalidPayload(method, context ?? { symbol: 'none', pairId: 'none' }, envelope.error)
  }
  return envelope.data.result
}

function invalidPayload(
  method: string,
  context: PayloadContext,
  error: z.ZodError,
  field?: string,
): MarketExchangeError {
  const named = field === undefined ? '' : ` field=${field}`
  return new MarketExchangeError(
    'invalid-payload',
    `INVALID_PAYLOAD: method=${method} symbol=${context.symbol} pair=${context.pairId}${named} issue=${JSON.stringify(firstIssue(error))}`,
  )
}

function payloadRejection(
  context: PayloadContext,
  details: Readonly<Record<string, string | number>>,
): PayloadRejection {
  const pairs = Object.entries({ symbol: context.symbol, ...details })
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')
  return { code: 'INVALID_PAYLOAD', message: `INVALID_PAYLOAD: ${pairs}` }
}

function withSymbol(rejection: CandleRejection, context: PayloadContext): CandleRejection {
  return rejection.message.includes('symbol=')
    ? rejection
    : { code: rejection.code, message: `${rejection.message} symbol=${context.symbol}` }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'invalid'
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  return `${path}${issue.message}`
}
