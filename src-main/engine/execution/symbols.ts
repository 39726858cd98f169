/** Splits `BASE/QUOTE` into its assets; throws on anything else. */
export function splitSymbol(symbol: string): { base: string; quote: string } {
  const match = /^([A-Z0-9]+)\/([A-Z0-9]+)$/.exec(symbol)
  if (!match) throw new Error(`INVALID_SYMBOL: symbol=${symbol} expected=BASE/QUOTE`)
  return { base: match[1]!, quote: match[2]! }
}
