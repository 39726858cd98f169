import type { Candle } from '../../../src-main/engine/market'
import { Dec } from './numbers'
import type { PairSpec } from './pair-catalogue'

/** A candle as a test loads it: open time in Unix ms, prices and volume as decimal strings. */
export interface SimCandle {
  readonly time: number
  readonly open: string
  readonly high: string
  readonly low: string
  readonly close: string
  readonly volume: string
  readonly vwap?: string
  readonly count?: number
}

/** The simulator's form of an engine candle. */
export function simCandleOf(candle: Candle): SimCandle {
  return {
    time: candle.timestampMs,
    open: candle.openText,
    high: candle.highText,
    low: candle.lowText,
    close: candle.closeText,
    volume: candle.volumeText,
  }
}

/** A row of Kraken's OHLC answer: [time s, open, high, low, close, vwap, volume, count]. */
export type OhlcRow = [number, string, string, string, string, string, string, number]

/** Kraken's OHLC intervals, in minutes. */
export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const

/** Kraken answers at most this many candles, the most recent ones. */
const MAX_CANDLES = 720

interface Series {
  readonly intervalMinutes: number
  readonly candles: readonly SimCandle[]
}

/**
 * Candles per pair, loaded by tests at one interval and served at that interval or any
 * multiple of it (aggregated), the way Kraken's OHLC endpoint answers.
 */
export class CandleStore {
  private readonly series = new Map<string, Series>()

  /** Replaces a pair's candles; `intervalMinutes` is the interval they were loaded at. */
  set(pair: PairSpec, candles: readonly SimCandle[], intervalMinutes: number): void {
    const sorted = [...candles].sort((a, b) => a.time - b.time)
    this.series.set(pair.id, { intervalMinutes, candles: sorted })
  }

  /**
   * Returns Kraken's OHLC rows for a pair: candles opened after `sinceSeconds`, at most the
   * latest 720, and `last`, the open time of the newest candle already closed at `nowMs`
   * (the `since` to poll with for committed data).
   */
  ohlc(
    pair: PairSpec,
    intervalMinutes: number,
    sinceSeconds: number | undefined,
    nowMs: number,
  ): { rows: OhlcRow[]; last: number } {
    const all = this.aggregated(pair, intervalMinutes)
    const intervalSeconds = intervalMinutes * 60
    const nowSeconds = Math.floor(nowMs / 1000)
    const committed = all.filter((row) => row[0] + intervalSeconds <= nowSeconds)
    const last = committed.at(-1)?.[0] ?? sinceSeconds ?? 0
    const recent = sinceSeconds === undefined ? all : all.filter((row) => row[0] > sinceSeconds)
    return { rows: recent.slice(-MAX_CANDLES), last }
  }

  /** Forgets every pair's candles. */
  clear(): void {
    this.series.clear()
  }

  private aggregated(pair: PairSpec, intervalMinutes: number): OhlcRow[] {
    const series = this.series.get(pair.id)
    if (!series || intervalMinutes % series.intervalMinutes !== 0) return []
    const bucketMs = intervalMinutes * 60_000
    const buckets = new Map<number, SimCandle[]>()
    for (const candle of series.candles) {
      const start = Math.floor(candle.time / bucketMs) * bucketMs
      const bucket = buckets.get(start)
      if (bucket) bucket.push(candle)
      else buckets.set(start, [candle])
    }
    return [...buckets.entries()].map(([start, candles]) => toRow(start, candles))
  }
}

function toRow(startMs: number, candles: readonly SimCandle[]): OhlcRow {
  const first = candles[0]
  const last = candles[candles.length - 1]
  if (!first || !last) throw new Error(`empty candle bucket: start=${startMs}`)
  const high = Dec.max(...candles.map((candle) => new Dec(candle.high)))
  const low = Dec.min(...candles.map((candle) => new Dec(candle.low)))
  const volume = candles.reduce((sum, candle) => sum.plus(candle.volume), new Dec(0))
  const notional = candles.reduce(
    (sum, candle) => sum.plus(new Dec(candle.vwap ?? candle.close).times(candle.volume)),
    new Dec(0),
  )
  const vwap = volume.isZero() ? new Dec(last.close) : notional.div(volume)
  const count = candles.reduce((sum, candle) => sum + (candle.count ?? 0), 0)
  return [
    startMs / 1000,
    first.open,
    high.toString(),
    low.toString(),
    last.close,
    vwap.toDecimalPlaces(8).toString(),
    volume.toString(),
    count,
  ]
}
