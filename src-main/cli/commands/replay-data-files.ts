import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import { SUPPORTED_SYMBOLS } from '../../../src-shared/symbols'
import { UsageError } from '../cli-io'

/**
 * Maps `--data` CSV files to symbols by their names (`binance_BTCUSDT_1m.csv`,
 * `XRPUSDT_1m.csv` → BTC/USDT, XRP/USDT). A file that names no supported symbol is refused.
 */
export function replayFilesBySymbol(files: readonly string[]): Record<string, string> {
  const bySymbol: Record<string, string> = {}
  for (const file of files) {
    if (!existsSync(file)) throw new UsageError(`--data ${file}: no such file`)
    const name = basename(file).toUpperCase()
    const symbol = SUPPORTED_SYMBOLS.find((candidate) => name.includes(candidate.replace('/', '')))
    if (!symbol)
      throw new UsageError(
        `cannot tell the symbol of ${file}: its name should contain e.g. BTCUSDT`,
      )
    if (bySymbol[symbol])
      throw new UsageError(`two files for ${symbol}: ${bySymbol[symbol]} and ${file}`)
    bySymbol[symbol] = file
  }
  return bySymbol
}

/** Parses `--speed N|max` (market minutes per real second ÷ 60, i.e. N× real time). */
export function parseSpeed(value: string | undefined, fallback: number | 'max'): number | 'max' {
  if (value === undefined) return fallback
  if (value === 'max') return 'max'
  const speed = Number(value)
  if (!Number.isFinite(speed) || speed <= 0)
    throw new UsageError(`--speed must be a positive number or max, got ${value}`)
  return speed
}

const MINUTE_MS = 60_000

/** The part of the data a replay plays: [fromMs, toMs), either end open when undefined. */
export interface ReplayWindow {
  readonly fromMs: number | undefined
  readonly toMs: number | undefined
}

/** Parses `--from` and `--to` (see {@link parseTime}); a window that ends before it starts is refused. */
export function parseWindow(from: string | undefined, to: string | undefined): ReplayWindow {
  const fromMs = parseTime('from', from)
  const toMs = parseTime('to', to)
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
    throw new UsageError(`--from must be before --to, got --from ${from} --to ${to}`)
  }
  return { fromMs, toMs }
}

/** A candle CSV cut to a replay window, with the times that say how much of it the data covers. */
export interface WindowedCsv {
  /** The header and the rows kept, warm-up history included. */
  readonly text: string
  /** The first candle in the window itself, after any warm-up history. */
  readonly firstInWindowMs: number
  /** The last candle kept. */
  readonly lastMs: number
}

/**
 * Cuts a candle CSV (`timestamp_ms,…` rows after a header) to the window, keeping up to
 * `historyMs` before its start for the engine to warm up on. A window that holds none of the
 * file's candles is refused, naming what the file covers: a replay of nothing would end in a
 * report of nothing.
 */
export function cutToWindow(
  symbol: string,
  csv: string,
  window: ReplayWindow,
  historyMs = 0,
): WindowedCsv {
  const [header, ...rows] = csv.split('\n').filter((row) => row.length > 0)
  const timestampOf = (row: string) => Number(row.slice(0, row.indexOf(',')))
  const { fromMs, toMs } = window
  const isBeforeEnd = (timestamp: number) => toMs === undefined || timestamp < toMs
  const keptFromMs = fromMs === undefined ? undefined : fromMs - historyMs
  const kept = rows.filter((row) => {
    const timestamp = timestampOf(row)
    return (keptFromMs === undefined || timestamp >= keptFromMs) && isBeforeEnd(timestamp)
  })
  // Every kept candle is before the end: those from --from on are in the window.
  const firstInWindow = kept.find((row) => fromMs === undefined || timestampOf(row) >= fromMs)
  const last = kept.at(-1)
  if (firstInWindow === undefined || last === undefined) {
    const firstRow = rows[0]
    const lastRow = rows.at(-1)
    const covers =
      firstRow === undefined || lastRow === undefined
        ? 'the data has no candles'
        : `the data covers ${isoMinute(timestampOf(firstRow))} to ${isoMinute(timestampOf(lastRow))}`
    const asked = `from ${isoMinute(fromMs) ?? 'the start'} to ${isoMinute(toMs) ?? 'the end'}`
    throw new UsageError(`no ${symbol} candles ${asked}: ${covers}`)
  }
  return {
    text: `${[header, ...kept].join('\n')}\n`,
    firstInWindowMs: timestampOf(firstInWindow),
    lastMs: timestampOf(last),
  }
}

/**
 * What a cut CSV (see {@link cutToWindow}) lacks of the window asked, in words, or null when
 * it covers it: a replay asked for a week of data that holds three days ends after three, and
 * the trader should not read the report as the week's.
 */
export function windowShortfall(
  symbol: string,
  cut: Pick<WindowedCsv, 'firstInWindowMs' | 'lastMs'>,
  window: ReplayWindow,
): string | null {
  const { fromMs, toMs } = window
  const gaps: string[] = []
  if (fromMs !== undefined && cut.firstInWindowMs - fromMs >= MINUTE_MS) {
    gaps.push(`starts ${isoMinute(cut.firstInWindowMs)}, after --from ${isoMinute(fromMs)}`)
  }
  if (toMs !== undefined && toMs - cut.lastMs > MINUTE_MS) {
    gaps.push(`ends ${isoMinute(cut.lastMs)}, before --to ${isoMinute(toMs)}`)
  }
  return gaps.length === 0 ? null : `${symbol} data ${gaps.join(' and ')} (UTC)`
}

/** `2021-05-10T12:00` (UTC); undefined stays undefined. */
export function isoMinute(ms: number): string
export function isoMinute(ms: number | undefined): string | undefined
export function isoMinute(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16) : String(ms)
}

/** Parses `--from`/`--to` as an ISO date or date-time (UTC). */
export function parseTime(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`)
  if (Number.isNaN(ms))
    throw new UsageError(
      `--${flag} must be a date like 2021-05-10 or 2021-05-10T12:00, got ${value}`,
    )
  return ms
}
