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
