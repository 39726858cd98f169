import { z } from 'zod'

/** Symbols the engine can trade or watch (seed 001 §6). */
export const SUPPORTED_SYMBOLS = ['BTC/USDT', 'XRP/USDT', 'XRP/BTC', 'ETH/USDT', 'ETH/BTC'] as const

export type TradingSymbol = (typeof SUPPORTED_SYMBOLS)[number]

const SYMBOL_SHAPE = /^([A-Za-z0-9]{2,10})[/_]([A-Za-z0-9]{2,10})$/

/**
 * Returns the canonical BASE/QUOTE form of a symbol written BASE/QUOTE or BASE_QUOTE (the
 * underscore form fits in URLs), or an error message naming what was wrong.
 */
export function normalizeSymbol(input: string): { symbol: TradingSymbol } | { error: string } {
  const match = SYMBOL_SHAPE.exec(input.trim())
  if (!match) {
    // A symbol is at most 21 characters: quote no more of a longer text (a 16 KB path segment).
    const quoted = input.length > 24 ? `${input.slice(0, 24)}…` : input
    return { error: `symbol must look like BTC/USDT or BTC_USDT, got "${quoted}"` }
  }
  const symbol = `${(match[1] as string).toUpperCase()}/${(match[2] as string).toUpperCase()}`
  if (!(SUPPORTED_SYMBOLS as readonly string[]).includes(symbol)) {
    return { error: `unsupported symbol ${symbol}; supported: ${SUPPORTED_SYMBOLS.join(', ')}` }
  }
  return { symbol: symbol as TradingSymbol }
}

/** A zod schema accepting BTC/USDT or BTC_USDT and producing the canonical form. */
export const symbolSchema = z.string().transform((value, context) => {
  const result = normalizeSymbol(value)
  if ('error' in result) {
    context.addIssue({ code: 'custom', message: result.error })
    return z.NEVER
  }
  return result.symbol
})

/** Timeframes charts and snapshots use. */
export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const
export type Timeframe = (typeof TIMEFRAMES)[number]
export const timeframeSchema = z.enum(TIMEFRAMES, {
  error: `timeframe must be one of ${TIMEFRAMES.join(', ')}`,
})

const MINUTE_MS = 60_000

/** The length of one candle of each timeframe in milliseconds. */
export const TIMEFRAME_DURATIONS_MS: Readonly<Record<Timeframe, number>> = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '4h': 240 * MINUTE_MS,
  '1d': 1440 * MINUTE_MS,
}
