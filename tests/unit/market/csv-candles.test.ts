import fc from 'fast-check'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  CANDLE_CSV_HEADER,
  CsvCandleParser,
  formatCandlesCsv,
  loadCandlesCsvFile,
  parseCandlesCsv,
  readCandlesCsvFile,
  type CsvCandleBatch,
} from '../../../src-main/engine/market'
import { RESOURCES_DIR } from '../../helpers/market/candles'

const BTC_TEXT = readFileSync(join(RESOURCES_DIR, 'market', 'BTCUSDT_1m.csv'), 'utf8')
const T = 1_620_604_800_000
const row = (minutes: number, rest = '10,12,9,11,3') => `${T + minutes * 60_000},${rest}`
const csv = (...rows: string[]) => `${[CANDLE_CSV_HEADER, ...rows].join('\n')}\n`

describe('parseCandlesCsv', () => {
  it('reads the shipped BTC/USDT slice and writes it back unchanged', () => {
    const { candles, rejections, summary } = parseCandlesCsv(BTC_TEXT)
    expect(rejections).toEqual([])
    expect(candles).toHaveLength(4320)
    expect(summary).toEqual({ lines: 4321, candles: 4320, rejectedRows: 0, skippedRows: 0 })
    expect(candles[0]?.toStrings()).toEqual({
      timestampMs: T,
      open: '58240.83',
      high: '58377.67',
      low: '58240.83',
      close: '58327.6',
      volume: '134.341163',
    })
    expect(formatCandlesCsv(candles)).toBe(BTC_TEXT)
  })

  it('accepts CRLF line ends, a byte-order mark, blank lines and a missing final newline', () => {
    const text = `\uFEFF${CANDLE_CSV_HEADER}\r\n${row(0)}\r\n\r\n${row(1)}`
    const { candles, rejections, summary } = parseCandlesCsv(text)
    expect(rejections).toEqual([])
    expect(candles.map((c) => c.timestampMs)).toEqual([T, T + 60_000])
    expect(candles[1]?.volumeText).toBe('3')
    expect(summary.lines).toBe(4)
  })

  it.each([
    ['too few fields', row(1, '10,12,9,11'), 'WRONG_FIELD_COUNT'],
    ['too many fields', row(1, '10,12,9,11,3,7'), 'WRONG_FIELD_COUNT'],
    ['a field without digits', row(1, '10,,9,11,3'), 'MALFORMED_NUMBER'],
    ['a word for a price', row(1, '10,12,low,11,3'), 'MALFORMED_NUMBER'],
    ['a thousands separator in the close', `${T + 60_000},10,12,9,"1,1",3`, 'WRONG_FIELD_COUNT'],
    ['a malformed volume', row(1, '10,12,9,11,3x'), 'MALFORMED_NUMBER'],
    ['a malformed open', row(1, '1.0.0,12,9,11,3'), 'MALFORMED_NUMBER'],
    ['a malformed close', row(1, '10,12,9,NaN,3'), 'MALFORMED_NUMBER'],
    ['a word for a timestamp', 'yesterday,10,12,9,11,3', 'MALFORMED_NUMBER'],
    ['a negative timestamp', '-60000,10,12,9,11,3', 'INVALID_TIMESTAMP'],
    ['a timestamp in exponent notation', '1.62060486e12,10,12,9,11,3', 'INVALID_TIMESTAMP'],
    ['a zero price', row(1, '0,12,9,11,3'), 'NON_POSITIVE_PRICE'],
    ['a negative volume', row(1, '10,12,9,11,-3'), 'NEGATIVE_VOLUME'],
    ['high below low', row(1, '10,8,9,8.5,3'), 'HIGH_BELOW_LOW'],
    ['high below the close', row(1, '10,12,9,13,3'), 'HIGH_BELOW_OPEN_CLOSE'],
    ['low above the open', row(1, '10,12,10.5,11,3'), 'LOW_ABOVE_OPEN_CLOSE'],
    ['a timestamp off the minute', `${T + 61_000},10,12,9,11,3`, 'TIMESTAMP_NOT_ALIGNED'],
    ['a duplicate timestamp', row(0), 'DUPLICATE_TIMESTAMP'],
    ['an earlier timestamp', row(-1), 'OUT_OF_ORDER_TIMESTAMP'],
  ])('refuses a row with %s, with its line number, and goes on', (_, bad, code) => {
    const { candles, rejections, summary } = parseCandlesCsv(csv(row(0), bad, row(2)))
    expect(candles.map((c) => c.timestampMs)).toEqual([T, T + 120_000])
    expect(rejections).toHaveLength(1)
    expect(rejections[0]).toMatchObject({ code, line: 3, text: bad })
    expect(rejections[0]?.message).toMatch(new RegExp(`^${code}: .* line=3$`))
    expect(summary).toEqual({ lines: 4, candles: 2, rejectedRows: 1, skippedRows: 0 })
  })

  it('checks alignment against the given timeframe', () => {
    const { candles, rejections } = parseCandlesCsv(csv(row(0), row(1), row(5)), {
      timeframe: '5m',
    })
    expect(candles).toHaveLength(2)
    expect(rejections.map((r) => r.code)).toEqual(['TIMESTAMP_NOT_ALIGNED'])
  })

  it('refuses a wrong header and skips the rest of the file', () => {
    const text = `timestamp,open,high,low,close,volume\n${row(0)}\n${row(1)}\n`
    const { candles, rejections, summary } = parseCandlesCsv(text)
    expect(candles).toEqual([])
    expect(rejections).toEqual([
      {
        code: 'BAD_HEADER',
        message: `BAD_HEADER: expected=${JSON.stringify(CANDLE_CSV_HEADER)} line=1`,
        line: 1,
        text: 'timestamp,open,high,low,close,volume',
      },
    ])
    expect(summary).toEqual({ lines: 3, candles: 0, rejectedRows: 1, skippedRows: 2 })
  })

  it('keeps the first maxRejections refusals and counts them all', () => {
    const bad = Array.from({ length: 5 }, () => 'x')
    const { rejections, summary } = parseCandlesCsv(csv(...bad), { maxRejections: 2 })
    expect(rejections.map((r) => r.line)).toEqual([2, 3])
    expect(summary.rejectedRows).toBe(5)
  })

  it('cuts long rows in refusals to 120 characters', () => {
    const long = `${T},${'9'.repeat(300)}`
    const { rejections } = parseCandlesCsv(csv(long))
    expect(rejections[0]?.text).toHaveLength(120)
  })
})

describe('CsvCandleParser', () => {
  const sample = csv(row(0), 'garbage', row(1), row(1), row(3, '10,12,9,13,3'), row(4)).replace(
    /\n/g,
    '\r\n',
  )

  it('gives the same result for any chunking of the text', () => {
    const whole = parseCandlesCsv(sample)
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: sample.length }), { maxLength: 12 }),
        (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b)
          const parser = new CsvCandleParser()
          const batches: CsvCandleBatch[] = []
          let start = 0
          for (const point of [...points, sample.length]) {
            batches.push(parser.push(sample.slice(start, point)))
            start = point
          }
          batches.push(parser.end())
          const candles = batches.flatMap((b) => b.candles.map((c) => c.toStrings()))
          const rejections = batches.flatMap((b) => b.rejections)
          expect(candles).toEqual(whole.candles.map((c) => c.toStrings()))
          expect(rejections).toEqual(whole.rejections)
          expect(parser.summary).toEqual(whole.summary)
        },
      ),
    )
  })

  it('hands candles to a callback instead of collecting them when given one', () => {
    const parser = new CsvCandleParser()
    const seen: number[] = []
    const onCandle = (candle: { timestampMs: number }) => seen.push(candle.timestampMs)
    const first = parser.push(csv(row(0), 'bad', row(1)).slice(0, -1), onCandle)
    const last = parser.end(onCandle)
    expect(first.candles).toEqual([])
    expect(first.rejections.map((r) => r.line)).toEqual([3])
    expect(last.candles).toEqual([])
    expect(seen).toEqual([T, T + 60_000])
  })

  it('names the symbol in sequence refusals', () => {
    const { rejections } = parseCandlesCsv(csv(row(1), row(0)), { symbol: 'XRP/BTC' })
    expect(rejections[0]?.message).toContain('symbol=XRP/BTC timeframe=1m')
  })
})

describe('reading files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tg-csv-'))
  // About 1.7 MB: more than one 1 MiB read.
  const rows = Array.from({ length: 30_000 }, (_, i) =>
    row(i, '58720.45,58840.43,58720.44,58760.34,61.685675'),
  )
  const path = join(folder, 'big.csv')
  writeFileSync(path, csv(...rows.slice(0, 100), 'bad', ...rows.slice(100)))

  it('loads a whole file', async () => {
    const { candles, rejections, summary } = await loadCandlesCsvFile(path)
    expect(candles).toHaveLength(30_000)
    expect(rejections.map((r) => r.line)).toEqual([102])
    expect(summary.lines).toBe(30_002)
  })

  it('streams a file in batches', async () => {
    let count = 0
    let batches = 0
    const reader = readCandlesCsvFile(path, { symbol: 'BTC/USDT' })
    for (;;) {
      const next = await reader.next()
      if (next.done === true) {
        expect(next.value).toEqual({
          lines: 30_002,
          candles: 30_000,
          rejectedRows: 1,
          skippedRows: 0,
        })
        break
      }
      count += next.value.candles.length
      batches++
    }
    expect(count).toBe(30_000)
    expect(batches).toBeGreaterThan(2)
  })
})
