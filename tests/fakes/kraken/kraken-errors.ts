/**
 * Kraken's error strings, exactly as the exchange writes them (see
 * support.kraken.com/hc/en-us/articles/360001491786 and the shared reference).
 */
export const KrakenErrorText = {
  invalidKey: 'EAPI:Invalid key',
  invalidSignature: 'EAPI:Invalid signature',
  invalidNonce: 'EAPI:Invalid nonce',
  rateLimitExceeded: 'EAPI:Rate limit exceeded',
  unknownMethod: 'EGeneral:Unknown method',
  invalidArguments: 'EGeneral:Invalid arguments',
  internalError: 'EGeneral:Internal error',
  serviceUnavailable: 'EService:Unavailable',
  cancelOnlyMode: 'EService:Market in cancel_only mode',
  postOnlyMode: 'EService:Market in post_only mode',
  unknownAssetPair: 'EQuery:Unknown asset pair',
  unknownAsset: 'EQuery:Unknown asset',
  unknownOrder: 'EOrder:Unknown order',
  invalidOrder: 'EOrder:Invalid order',
  insufficientFunds: 'EOrder:Insufficient funds',
  insufficientMargin: 'EOrder:Insufficient margin',
  orderMinimumNotMet: 'EOrder:Order minimum not met',
  costMinimumNotMet: 'EOrder:Cost minimum not met',
  // Unverified wording: Kraken documents that cl_ord_id must be unique among open orders
  // but not the error string; ccxt maps it to ExchangeError either way.
  duplicateClientOrderId: 'EOrder:Duplicate cl_ord_id',
} as const

/** Returns Kraken's "invalid arguments" error naming the offending field. */
export function invalidArgument(field?: string): string {
  return field ? `${KrakenErrorText.invalidArguments}:${field}` : KrakenErrorText.invalidArguments
}

/** Returns Kraken's error for a price written with more decimals than the pair allows. */
export function invalidPriceDecimals(pairAltname: string, decimals: number): string {
  return `EOrder:Invalid price:${pairAltname} price can only be specified up to ${decimals} decimals.`
}

/**
 * A refusal the simulator answers with Kraken's envelope `{"error":[text]}`. Thrown by
 * handlers and caught once, by the server, so it never reaches the client as a stack trace.
 */
export class KrakenError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.join(', '))
    this.name = 'KrakenError'
  }

  /** Returns a KrakenError carrying one error string. */
  static of(text: string): KrakenError {
    return new KrakenError([text])
  }
}
