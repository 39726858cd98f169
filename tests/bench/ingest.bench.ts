/**
 * Ingest throughput (issue 4): rows per second from CSV text to validated candles, through
 * the aggregation to every timeframe and all indicators (`CsvCandleParser` →
 * `MultiTimeframeIndicators`), against the raw parse rate of the same text: finding the rows
 * and fields and turning each field into a number, nothing else (the physical limit).
 * Both read the three 1-minute files from memory in 1 MiB chunks, as a file stream would
 * deliver them.
 */
import { performance } from 'node:perf_hooks'
import {
  CsvCandleParser,
  MultiTimeframeIndicators,
  type Candle,
} from '../../src-main/engine/market'
import { percentile, type Benchmark } from './bench-result'
import { loadBenchData, type BenchFile } from './market-data'

const ROUNDS = 5
const CHUNK = 1 << 20
const GOAL_RATIO = 0.25

/** Splits text into rows and fields and converts every field with Number(). */
function rawParse(files: readonly BenchFile[]): { rows: number; checksum: number } {
  let rows = 0
  let checksum = 0
  for (const { text } of files) {
    let pending = ''
    let isHeader = true
    for (let offset = 0; offset < text.length; offset += CHUNK) {
      const chunk = pending + text.slice(offset, offset + CHUNK)
      let start = 0
      for (;;) {
        const end = chunk.indexOf('\n', start)
        if (end === -1) break
        if (isHeader) {
          isHeader = false
        } else if (end > start) {
          const c1 = chunk.indexOf(',', start)
          const c2 = chunk.indexOf(',', c1 + 1)
          const c3 = chunk.indexOf(',', c2 + 1)
          const c4 = chunk.indexOf(',', c3 + 1)
          const c5 = chunk.indexOf(',', c4 + 1)
          checksum +=
            Number(chunk.slice(start, c1)) +
            Number(chunk.slice(c1 + 1, c2)) +
            Number(chunk.slice(c2 + 1, c3)) +
            Number(chunk.slice(c3 + 1, c4)) +
            Number(chunk.slice(c4 + 1, c5)) +
            Number(chunk.slice(c5 + 1, end))
          rows++
        }
        start = end + 1
      }
      pending = chunk.slice(start)
    }
  }
  return { rows, checksum }
}

/** Parses, validates, aggregates and updates every indicator; returns the candles ingested. */
function ingest(files: readonly BenchFile[]): { rows: number; rejected: number } {
  let rows = 0
  let rejected = 0
  for (const { symbol, text } of files) {
    const parser = new CsvCandleParser({ symbol })
    const indicators = new MultiTimeframeIndicators({ symbol })
    const onCandle = (candle: Candle) => {
      if (indicators.update(candle) === null) rows++
    }
    for (let offset = 0; offset < text.length; offset += CHUNK) {
      rejected += parser.push(text.slice(offset, offset + CHUNK), onCandle).rejections.length
    }
    rejected += parser.end(onCandle).rejections.length
  }
  return { rows, rejected }
}

const bench: Benchmark = async (emit) => {
  const data = loadBenchData()
  const rawRates: number[] = []
  const ingestRates: number[] = []
  let rows = 0
  // Alternate the two so that machine noise hits both alike; round 0 warms up the JIT.
  for (let round = 0; round <= ROUNDS; round++) {
    let start = performance.now()
    const raw = rawParse(data.files)
    const rawSeconds = (performance.now() - start) / 1000
    start = performance.now()
    const ingested = ingest(data.files)
    const ingestSeconds = (performance.now() - start) / 1000
    if (ingested.rejected > 0 || ingested.rows !== raw.rows || Number.isNaN(raw.checksum)) {
      throw new Error(`ingest disagrees with raw parse: rows=${ingested.rows} raw_rows=${raw.rows}`)
    }
    rows = raw.rows
    if (round === 0) continue
    rawRates.push(raw.rows / rawSeconds)
    ingestRates.push(ingested.rows / ingestSeconds)
  }
  const rawRate = percentile(rawRates, 50)
  const ingestRate = percentile(ingestRates, 50)
  const ratio = ingestRate / rawRate
  const details = {
    data: `${data.source}: ${data.files.map((file) => file.symbol).join(', ')} 1m`,
    rows,
    timeframes: '1m,5m,15m,1h,4h,1d',
    goal_ratio: GOAL_RATIO,
    meets_goal: ratio >= GOAL_RATIO,
  }
  emit({
    bench: 'ingest',
    metric: 'ingest_vs_parse_ratio',
    value: Number(ratio.toFixed(3)),
    unit: 'ratio',
    baseline: { name: 'raw CSV parse (rows/s)', value: Math.round(rawRate) },
    details: { ...details, ingest_rows_per_s: Math.round(ingestRate) },
  })
  emit({
    bench: 'ingest',
    metric: 'ingest_rows_per_s',
    value: Math.round(ingestRate),
    unit: '1/s',
    baseline: { name: 'raw CSV parse', value: Math.round(rawRate) },
    details,
  })
}

export default bench
