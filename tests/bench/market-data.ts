/**
 * Finds the 1-minute candle files for the market benchmarks: the team's shared data
 * (`../shared/data/market` beside the repository, or two levels up from a worktree) when
 * present, else the slices shipped in `resources/market/`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface BenchFile {
  symbol: string
  path: string
  text: string
}

export interface BenchData {
  /** Where the files came from: `shared` or `resources`. */
  source: 'shared' | 'resources'
  files: BenchFile[]
}

const SHARED = [
  ['BTC/USDT', 'binance_BTCUSDT_1m.csv'],
  ['XRP/USDT', 'binance_XRPUSDT_1m.csv'],
  ['XRP/BTC', 'binance_XRPBTC_1m.csv'],
] as const

const SHIPPED = [
  ['BTC/USDT', 'BTCUSDT_1m.csv'],
  ['XRP/USDT', 'XRPUSDT_1m.csv'],
  ['XRP/BTC', 'XRPBTC_1m.csv'],
] as const

/** Loads the benchmark's 1-minute CSV texts (all three symbols). */
export function loadBenchData(): BenchData {
  for (const folder of [
    resolve(ROOT, '../shared/data/market'),
    resolve(ROOT, '../../shared/data/market'),
  ]) {
    if (SHARED.every(([, file]) => existsSync(join(folder, file)))) {
      return {
        source: 'shared',
        files: SHARED.map(([symbol, file]) => read(symbol, join(folder, file))),
      }
    }
  }
  const folder = join(ROOT, 'resources/market')
  return {
    source: 'resources',
    files: SHIPPED.map(([symbol, file]) => read(symbol, join(folder, file))),
  }
}

function read(symbol: string, path: string): BenchFile {
  return { symbol, path, text: readFileSync(path, 'utf8') }
}
