import type { StoredCandle } from '../../../src-main/engine/store'

/**
 * The candle repository's reads and writes in memory, keeping the first of duplicates like
 * the table does; `failNext(n)` makes the next n writes throw.
 */
export class MemoryCandleStore {
  readonly rows = new Map<string, StoredCandle[]>()
  writes = 0
  #failures = 0

  failNext(times: number): void {
    this.#failures = times
  }

  async insertMany(
    symbol: string,
    timeframe: string,
    rows: readonly StoredCandle[],
  ): Promise<number> {
    this.writes++
    if (this.#failures > 0) {
      this.#failures--
      throw new Error('database unavailable')
    }
    const key = `${symbol} ${timeframe}`
    const kept = this.rows.get(key) ?? []
    let inserted = 0
    for (const row of rows) {
      if (kept.some((each) => each.timestampMs === row.timestampMs)) continue
      kept.push(row)
      inserted++
    }
    kept.sort((a, b) => a.timestampMs - b.timestampMs)
    this.rows.set(key, kept)
    return inserted
  }

  async latest(symbol: string, timeframe: string, limit: number): Promise<StoredCandle[]> {
    return (this.rows.get(`${symbol} ${timeframe}`) ?? []).slice(-limit)
  }

  async range(
    symbol: string,
    timeframe: string,
    fromMs: number,
    toMs: number,
  ): Promise<StoredCandle[]> {
    return (this.rows.get(`${symbol} ${timeframe}`) ?? []).filter(
      (row) => row.timestampMs >= fromMs && row.timestampMs < toMs,
    )
  }

  /** Open times stored for a symbol and timeframe. */
  times(symbol: string, timeframe = '1m'): number[] {
    return (this.rows.get(`${symbol} ${timeframe}`) ?? []).map((row) => row.timestampMs)
  }
}
