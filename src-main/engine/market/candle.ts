import Decimal from 'decimal.js'
import { candleRejection, type CandleRejection } from './candle-rejection'
import { DecimalScan, scanDecimal } from './decimal-text'

/**
 * A candle as JS numbers, for indicator math (indicators are scores, not money). Each number
 * is the double nearest to the candle's decimal value.
 */
export interface NumericCandle {
  /** Open time, UTC, Unix milliseconds. */
  readonly timestampMs: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** A candle with its values as decimal strings, the form it has across boundaries. */
export interface CandleStrings {
  readonly timestampMs: number
  readonly open: string
  readonly high: string
  readonly low: string
  readonly close: string
  readonly volume: string
}

/** A candle with its values as Decimals. */
export interface CandleDecimals {
  readonly timestampMs: number
  readonly open: Decimal
  readonly high: Decimal
  readonly low: Decimal
  readonly close: Decimal
  readonly volume: Decimal
}

/** The outcome of building a candle from strings: the candle, or why not. */
export type CandleParseResult =
  | { readonly ok: true; readonly candle: Candle }
  | { readonly ok: false; readonly rejection: CandleRejection }

/**
 * An OHLCV candle: open time in UTC milliseconds; open, high, low, close (quote currency) and
 * volume (base currency) as Decimals.
 *
 * A candle keeps its values as the decimal strings it was made from plus a numeric view
 * (`numeric`) for indicator math. The Decimals are built on first access and cached: ingest
 * and aggregation handle hundreds of thousands of candles per second and most of them are
 * never used for money arithmetic. Candles are immutable.
 *
 * Build candles with `Candle.fromStrings` or `Candle.fromDecimals`; they do not validate the
 * OHLC relations (see `validateCandle`).
 */
export class Candle {
  /** Open time, UTC, Unix milliseconds. */
  readonly timestampMs: number
  /** The plain decimal strings of the five values. */
  readonly openText: string
  readonly highText: string
  readonly lowText: string
  readonly closeText: string
  readonly volumeText: string
  /** The values as the nearest doubles. */
  readonly numeric: NumericCandle
  /**
   * The volume as an exact integer count of 10^-volumeScale (for exact summation without
   * Decimals), or -1 when the volume has too many digits for that.
   */
  readonly volumeUnits: number
  /** See `volumeUnits`. */
  readonly volumeScale: number
  /**
   * True when every value has at most 15 significant digits in plain notation, so comparing
   * the numeric view compares the decimals exactly.
   */
  readonly isNumericExact: boolean

  #open: Decimal | undefined
  #high: Decimal | undefined
  #low: Decimal | undefined
  #close: Decimal | undefined
  #volume: Decimal | undefined

  /**
   * Low-level constructor for parsers and aggregators that have already scanned the strings;
   * everyone else uses `fromStrings` or `fromDecimals`. The texts must be decimal strings
   * whose nearest doubles are the `numeric` values.
   */
  constructor(
    timestampMs: number,
    openText: string,
    highText: string,
    lowText: string,
    closeText: string,
    volumeText: string,
    numeric: NumericCandle,
    volumeUnits: number,
    volumeScale: number,
    isNumericExact: boolean,
  ) {
    this.timestampMs = timestampMs
    this.openText = openText
    this.highText = highText
    this.lowText = lowText
    this.closeText = closeText
    this.volumeText = volumeText
    this.numeric = numeric
    this.volumeUnits = volumeUnits
    this.volumeScale = volumeScale
    this.isNumericExact = isNumericExact
  }

  /**
   * Builds a candle from decimal strings, or refuses with MALFORMED_NUMBER (or
   * INVALID_TIMESTAMP) when a string is not a plain decimal number.
   */
  static fromStrings(fields: CandleStrings): CandleParseResult {
    const { timestampMs } = fields
    if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
      return {
        ok: false,
        rejection: candleRejection('INVALID_TIMESTAMP', { timestamp_ms: timestampMs }),
      }
    }
    const scan = new DecimalScan()
    const values: number[] = []
    let isExact = true
    for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
      const text = fields[field]
      if (!scanDecimal(text, 0, text.length, scan)) {
        return {
          ok: false,
          rejection: candleRejection('MALFORMED_NUMBER', {
            timestamp_ms: timestampMs,
            field,
            value: JSON.stringify(text),
          }),
        }
      }
      values.push(scan.value)
      isExact &&= scan.isExact
    }
    // `scan` still holds the volume, the last field scanned.
    const [open, high, low, close, volume] = values as [number, number, number, number, number]
    const candle = new Candle(
      timestampMs,
      fields.open,
      fields.high,
      fields.low,
      fields.close,
      fields.volume,
      { timestampMs, open, high, low, close, volume },
      scan.units,
      scan.scale,
      isExact,
    )
    return { ok: true, candle }
  }

  /** Builds a candle from Decimals (NaN or infinite values are kept for validation to refuse). */
  static fromDecimals(fields: CandleDecimals): Candle {
    const scan = new DecimalScan()
    const texts: string[] = []
    const values: number[] = []
    let isExact = true
    for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
      const decimal = fields[field]
      const text = decimal.isFinite() ? decimal.toFixed() : decimal.toString()
      texts.push(text)
      if (scanDecimal(text, 0, text.length, scan)) {
        values.push(scan.value)
        isExact &&= scan.isExact
      } else {
        // NaN or ±Infinity.
        values.push(decimal.toNumber())
        scan.units = -1
        scan.scale = 0
        isExact = false
      }
    }
    const [openText, highText, lowText, closeText, volumeText] = texts as [
      string,
      string,
      string,
      string,
      string,
    ]
    const [open, high, low, close, volume] = values as [number, number, number, number, number]
    const { timestampMs } = fields
    const candle = new Candle(
      timestampMs,
      openText,
      highText,
      lowText,
      closeText,
      volumeText,
      { timestampMs, open, high, low, close, volume },
      scan.units,
      scan.scale,
      isExact,
    )
    candle.#open = fields.open
    candle.#high = fields.high
    candle.#low = fields.low
    candle.#close = fields.close
    candle.#volume = fields.volume
    return candle
  }

  /** Opening price. */
  get open(): Decimal {
    return (this.#open ??= new Decimal(this.openText))
  }

  /** Highest price. */
  get high(): Decimal {
    return (this.#high ??= new Decimal(this.highText))
  }

  /** Lowest price. */
  get low(): Decimal {
    return (this.#low ??= new Decimal(this.lowText))
  }

  /** Closing price. */
  get close(): Decimal {
    return (this.#close ??= new Decimal(this.closeText))
  }

  /** Traded volume in the base currency. */
  get volume(): Decimal {
    return (this.#volume ??= new Decimal(this.volumeText))
  }

  /** Returns the candle as decimal strings, the form it has across boundaries. */
  toStrings(): CandleStrings {
    return {
      timestampMs: this.timestampMs,
      open: this.openText,
      high: this.highText,
      low: this.lowText,
      close: this.closeText,
      volume: this.volumeText,
    }
  }

  /** Serialises as decimal strings (getters are not seen by JSON.stringify). */
  toJSON(): CandleStrings {
    return this.toStrings()
  }
}

/** The fields of a candle that hold a price or the volume. */
export type CandleValueField = 'open' | 'high' | 'low' | 'close' | 'volume'

/**
 * Compares one value of two candles exactly (−1, 0, 1): through the numeric view when both
 * candles are numerically exact or the doubles differ, through the Decimals otherwise.
 */
export function compareCandleValues(
  a: Candle,
  aField: CandleValueField,
  b: Candle,
  bField: CandleValueField,
): number {
  const x = a.numeric[aField]
  const y = b.numeric[bField]
  // Rounding to the nearest double is monotonic, so different doubles order their decimals.
  if (x < y) return -1
  if (x > y) return 1
  if (a.isNumericExact && b.isNumericExact) return 0
  return a[aField].cmp(b[bField])
}
