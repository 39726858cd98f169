/** Why a candle (or a CSV row meant to be one) was refused. */
export type CandleRejectionCode =
  /** A CSV file's first line is not the expected header. */
  | 'BAD_HEADER'
  /** A CSV row does not have exactly six fields. */
  | 'WRONG_FIELD_COUNT'
  /** A field is not a plain decimal number. */
  | 'MALFORMED_NUMBER'
  /** The timestamp is not a non-negative integer count of milliseconds. */
  | 'INVALID_TIMESTAMP'
  /** The timestamp is not the open time of a candle of the timeframe. */
  | 'TIMESTAMP_NOT_ALIGNED'
  /** The timestamp equals the previous candle's. */
  | 'DUPLICATE_TIMESTAMP'
  /** The timestamp is before the previous candle's. */
  | 'OUT_OF_ORDER_TIMESTAMP'
  /** A price is NaN or infinite (or too large for a double). */
  | 'NON_FINITE_PRICE'
  /** A price is zero or negative (or so small that it underflows a double). */
  | 'NON_POSITIVE_PRICE'
  /** The volume is NaN or infinite. */
  | 'NON_FINITE_VOLUME'
  /** The volume is negative. */
  | 'NEGATIVE_VOLUME'
  /** high < low. */
  | 'HIGH_BELOW_LOW'
  /** high < max(open, close). */
  | 'HIGH_BELOW_OPEN_CLOSE'
  /** low > min(open, close). */
  | 'LOW_ABOVE_OPEN_CLOSE'

/** A refusal as data: a stable code and a message with its context as key=value pairs. */
export interface CandleRejection {
  readonly code: CandleRejectionCode
  /** `CODE: key=value …`, ready for a log line. */
  readonly message: string
}

/** Builds a rejection whose message is the code followed by `key=value` pairs. */
export function candleRejection(
  code: CandleRejectionCode,
  context: Readonly<Record<string, string | number>>,
): CandleRejection {
  const pairs = Object.entries(context)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')
  return { code, message: pairs.length > 0 ? `${code}: ${pairs}` : code }
}
