import { createReadStream } from 'node:fs'
import { Candle } from './candle'
import { candleRejection, type CandleRejection } from './candle-rejection'
import { CandleSequenceGuard } from './candle-sequence-guard'
import { validateCandle } from './candle-validation'
import { DecimalScan, scanDecimal, scanTimestamp } from './decimal-text'
import type { Timeframe } from './timeframe'

/** The header line of a candle CSV file. */
export const CANDLE_CSV_HEADER = 'timestamp_ms,open,high,low,close,volume'

/** A refused CSV row: why, on which line (1-based, header included) and what it said. */
export interface CsvRowRejection extends CandleRejection {
  readonly line: number
  /** The row's text, cut to 120 characters. */
  readonly text: string
}

/** The candles and refusals of one chunk of CSV text. */
export interface CsvCandleBatch {
  readonly candles: Candle[]
  readonly rejections: CsvRowRejection[]
}

/** Counts over everything a parser has read. */
export interface CsvParseSummary {
  /** Lines read, header and blank lines included. */
  readonly lines: number
  readonly candles: number
  readonly rejectedRows: number
  /** Rows not parsed because the header was wrong. */
  readonly skippedRows: number
}

/** Options of `CsvCandleParser` and the functions built on it. */
export interface CsvCandleOptions {
  /** The candles' timeframe: timestamps must be aligned to it. Default `1m`. */
  readonly timeframe?: Timeframe
  /** Names the series in refusal messages. */
  readonly symbol?: string
}

const MAX_ROW_TEXT = 120

/**
 * Parses candle CSV text (`timestamp_ms,open,high,low,close,volume`) incrementally: feed it
 * chunks of any size with `push` and finish with `end`. Each row becomes a validated candle
 * (see `validateCandle`, with timestamps aligned to the timeframe and strictly increasing) or
 * a refusal with its line number and reason; the parser never throws on bad data. Blank lines
 * are ignored; `\r\n` line ends and a leading byte-order mark are accepted. When the first
 * line is not the expected header, that line is refused and the rest of the file is skipped,
 * since its columns cannot be trusted.
 */
export class CsvCandleParser {
  readonly #timeframe: Timeframe
  readonly #guard: CandleSequenceGuard
  readonly #scan = new DecimalScan()
  #pending = ''
  #line = 0
  #state: 'header' | 'rows' | 'bad-header' = 'header'
  #candles = 0
  #rejectedRows = 0
  #skippedRows = 0

  constructor(options: CsvCandleOptions = {}) {
    this.#timeframe = options.timeframe ?? '1m'
    this.#guard = new CandleSequenceGuard(options.symbol ?? 'csv', this.#timeframe)
  }

  /**
   * Parses the complete lines of `chunk` (with what was left of the previous chunk). With
   * `onCandle`, each candle goes to it as soon as it is parsed and the batch's `candles` stay
   * empty: a consumer that processes candles one by one lets them die young, which spares the
   * garbage collector a lot of work on large files.
   */
  push(chunk: string, onCandle?: (candle: Candle) => void): CsvCandleBatch {
    const candles: Candle[] = []
    const rejections: CsvRowRejection[] = []
    const sink = onCandle ?? ((candle: Candle) => void candles.push(candle))
    const text = this.#pending.length > 0 ? this.#pending + chunk : chunk
    let start = 0
    for (;;) {
      const newline = text.indexOf('\n', start)
      if (newline === -1) break
      this.#parseLine(text, start, newline, sink, rejections)
      start = newline + 1
    }
    this.#pending = start === 0 ? text : text.slice(start)
    return { candles, rejections }
  }

  /** Parses the last line when the text did not end with a newline (see `push`). */
  end(onCandle?: (candle: Candle) => void): CsvCandleBatch {
    const candles: Candle[] = []
    const rejections: CsvRowRejection[] = []
    if (this.#pending.length > 0) {
      const text = this.#pending
      this.#pending = ''
      const sink = onCandle ?? ((candle: Candle) => void candles.push(candle))
      this.#parseLine(text, 0, text.length, sink, rejections)
    }
    return { candles, rejections }
  }

  /** Counts over everything read so far. */
  get summary(): CsvParseSummary {
    return {
      lines: this.#line,
      candles: this.#candles,
      rejectedRows: this.#rejectedRows,
      skippedRows: this.#skippedRows,
    }
  }

  #parseLine(
    text: string,
    start: number,
    lineEnd: number,
    sink: (candle: Candle) => void,
    rejections: CsvRowRejection[],
  ): void {
    this.#line++
    let end = lineEnd
    if (end > start && text.charCodeAt(end - 1) === 13 /* \r */) end--
    if (end === start) return
    if (this.#state !== 'rows') {
      this.#parseHeader(text, start, end, rejections)
      return
    }
    const c1 = text.indexOf(',', start)
    const c2 = c1 === -1 ? -1 : text.indexOf(',', c1 + 1)
    const c3 = c2 === -1 ? -1 : text.indexOf(',', c2 + 1)
    const c4 = c3 === -1 ? -1 : text.indexOf(',', c3 + 1)
    const c5 = c4 === -1 ? -1 : text.indexOf(',', c4 + 1)
    if (c5 === -1 || c5 >= end) {
      this.#reject(
        rejections,
        text,
        start,
        end,
        candleRejection('WRONG_FIELD_COUNT', { expected: 6 }),
      )
      return
    }
    const c6 = text.indexOf(',', c5 + 1)
    if (c6 !== -1 && c6 < end) {
      this.#reject(
        rejections,
        text,
        start,
        end,
        candleRejection('WRONG_FIELD_COUNT', { expected: 6 }),
      )
      return
    }
    const timestampMs = scanTimestamp(text, start, c1)
    if (timestampMs < 0) {
      const isNumber = scanDecimal(text, start, c1, this.#scan)
      this.#reject(
        rejections,
        text,
        start,
        end,
        candleRejection(isNumber ? 'INVALID_TIMESTAMP' : 'MALFORMED_NUMBER', {
          field: 'timestamp_ms',
          value: JSON.stringify(text.slice(start, Math.min(c1, start + 40))),
        }),
      )
      return
    }
    const scan = this.#scan
    if (!scanDecimal(text, c1 + 1, c2, scan))
      return this.#malformed(rejections, text, start, end, 'open', c1 + 1, c2)
    const open = scan.value
    let isExact = scan.isExact
    if (!scanDecimal(text, c2 + 1, c3, scan))
      return this.#malformed(rejections, text, start, end, 'high', c2 + 1, c3)
    const high = scan.value
    isExact &&= scan.isExact
    if (!scanDecimal(text, c3 + 1, c4, scan))
      return this.#malformed(rejections, text, start, end, 'low', c3 + 1, c4)
    const low = scan.value
    isExact &&= scan.isExact
    if (!scanDecimal(text, c4 + 1, c5, scan))
      return this.#malformed(rejections, text, start, end, 'close', c4 + 1, c5)
    const close = scan.value
    isExact &&= scan.isExact
    if (!scanDecimal(text, c5 + 1, end, scan))
      return this.#malformed(rejections, text, start, end, 'volume', c5 + 1, end)
    isExact &&= scan.isExact
    const candle = new Candle(
      timestampMs,
      text.slice(c1 + 1, c2),
      text.slice(c2 + 1, c3),
      text.slice(c3 + 1, c4),
      text.slice(c4 + 1, c5),
      text.slice(c5 + 1, end),
      { timestampMs, open, high, low, close, volume: scan.value },
      scan.units,
      scan.scale,
      isExact,
    )
    const rejection = validateCandle(candle, this.#timeframe) ?? this.#guard.accept(candle)
    if (rejection !== null) {
      this.#reject(rejections, text, start, end, rejection)
      return
    }
    this.#candles++
    sink(candle)
  }

  #parseHeader(text: string, start: number, end: number, rejections: CsvRowRejection[]): void {
    if (this.#state === 'bad-header') {
      this.#skippedRows++
      return
    }
    const first = text.charCodeAt(start) === 0xfeff ? start + 1 : start
    if (text.slice(first, end) === CANDLE_CSV_HEADER) {
      this.#state = 'rows'
      return
    }
    this.#state = 'bad-header'
    this.#reject(
      rejections,
      text,
      start,
      end,
      candleRejection('BAD_HEADER', { expected: JSON.stringify(CANDLE_CSV_HEADER) }),
    )
  }

  #malformed(
    rejections: CsvRowRejection[],
    text: string,
    start: number,
    end: number,
    field: string,
    fieldStart: number,
    fieldEnd: number,
  ): void {
    this.#reject(
      rejections,
      text,
      start,
      end,
      candleRejection('MALFORMED_NUMBER', {
        field,
        value: JSON.stringify(text.slice(fieldStart, Math.min(fieldEnd, fieldStart + 40))),
      }),
    )
  }

  #reject(
    rejections: CsvRowRejection[],
    text: string,
    start: number,
    end: number,
    rejection: CandleRejection,
  ): void {
    this.#rejectedRows++
    rejections.push({
      code: rejection.code,
      message: `${rejection.message} line=${this.#line}`,
      line: this.#line,
      text: text.slice(start, Math.min(end, start + MAX_ROW_TEXT)),
    })
  }
}

/** All candles and refusals of a CSV text or file, with counts. */
export interface CsvParseResult {
  readonly candles: Candle[]
  /** The first `maxRejections` refusals; `summary.rejectedRows` counts them all. */
  readonly rejections: CsvRowRejection[]
  readonly summary: CsvParseSummary
}

/** Options of the whole-text and whole-file functions. */
export interface CsvLoadOptions extends CsvCandleOptions {
  /** How many refusals to keep in the result (all are counted). Default 1000. */
  readonly maxRejections?: number
}

/** Parses a whole candle CSV text (see `CsvCandleParser`). */
export function parseCandlesCsv(text: string, options: CsvLoadOptions = {}): CsvParseResult {
  const parser = new CsvCandleParser(options)
  const collector = new ResultCollector(options.maxRejections)
  collector.add(parser.push(text))
  collector.add(parser.end())
  return collector.result(parser.summary)
}

/**
 * Reads a candle CSV file incrementally, yielding the candles and refusals of each chunk read
 * (about 1 MiB each), so that large files never sit in memory whole.
 */
export async function* readCandlesCsvFile(
  path: string,
  options: CsvCandleOptions = {},
): AsyncGenerator<CsvCandleBatch, CsvParseSummary> {
  const parser = new CsvCandleParser(options)
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })
  for await (const chunk of stream) {
    yield parser.push(chunk as string)
  }
  yield parser.end()
  return parser.summary
}

/** Reads a whole candle CSV file into memory (see `CsvCandleParser`). */
export async function loadCandlesCsvFile(
  path: string,
  options: CsvLoadOptions = {},
): Promise<CsvParseResult> {
  const parser = new CsvCandleParser(options)
  const collector = new ResultCollector(options.maxRejections)
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })
  for await (const chunk of stream) {
    collector.add(parser.push(chunk as string))
  }
  collector.add(parser.end())
  return collector.result(parser.summary)
}

/** Returns candle CSV text (header, one row per candle, trailing newline). */
export function formatCandlesCsv(candles: Iterable<Candle>): string {
  const lines = [CANDLE_CSV_HEADER]
  for (const candle of candles) {
    lines.push(
      `${candle.timestampMs},${candle.openText},${candle.highText},${candle.lowText},${candle.closeText},${candle.volumeText}`,
    )
  }
  return `${lines.join('\n')}\n`
}

class ResultCollector {
  readonly #maxRejections: number
  readonly #candles: Candle[] = []
  readonly #rejections: CsvRowRejection[] = []

  constructor(maxRejections = 1000) {
    this.#maxRejections = maxRejections
  }

  add(batch: CsvCandleBatch): void {
    for (const candle of batch.candles) this.#candles.push(candle)
    for (const rejection of batch.rejections) {
      if (this.#rejections.length < this.#maxRejections) this.#rejections.push(rejection)
    }
  }

  result(summary: CsvParseSummary): CsvParseResult {
    return { candles: this.#candles, rejections: this.#rejections, summary }
  }
}
