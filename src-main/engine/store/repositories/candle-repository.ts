import type Decimal from 'decimal.js'
import { and, asc, desc, eq, gte, lt } from 'drizzle-orm'
import type { Database } from '../database'
import { insertCounted } from '../json-insert'
import { candles } from '../schema'

/** OHLCV values of one candle as the store keeps them; `timestampMs` is the open time. */
export interface StoredCandle {
  timestampMs: number
  open: Decimal
  high: Decimal
  low: Decimal
  close: Decimal
  volume: Decimal
}

/** Reads and writes closed candles; writing the same candle twice keeps the first. */
export class CandleRepository {
  constructor(
    private readonly db: Database,
    /** Where inserts go: a replay writes its candle batches behind (Store.backgroundDb). */
    private readonly writeDb: Database = db,
  ) {}

  /** Stores candles, skipping ones already stored; returns how many were new. */
  async insertMany(
    symbol: string,
    timeframe: string,
    rows: readonly StoredCandle[],
  ): Promise<number> {
    let inserted = 0
    // Chunked so one statement's JSON document stays small.
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000).map((row) => ({
        symbol,
        timeframe,
        openTime: new Date(row.timestampMs),
        open: row.open,
        high: row.high,
        low: row.low,
        close: row.close,
        volume: row.volume,
      }))
      inserted += await insertCounted(this.writeDb, candles, chunk, { isConflictIgnored: true })
    }
    return inserted
  }

  /** Returns candles with open time in [fromMs, toMs), oldest first. */
  async range(
    symbol: string,
    timeframe: string,
    fromMs: number,
    toMs: number,
  ): Promise<StoredCandle[]> {
    const rows = await this.db
      .select()
      .from(candles)
      .where(
        and(
          eq(candles.symbol, symbol),
          eq(candles.timeframe, timeframe),
          gte(candles.openTime, new Date(fromMs)),
          lt(candles.openTime, new Date(toMs)),
        ),
      )
      .orderBy(asc(candles.openTime))
    return rows.map(toStoredCandle)
  }

  /** Returns the newest `limit` candles, oldest first. */
  async latest(symbol: string, timeframe: string, limit: number): Promise<StoredCandle[]> {
    const rows = await this.db
      .select()
      .from(candles)
      .where(and(eq(candles.symbol, symbol), eq(candles.timeframe, timeframe)))
      .orderBy(desc(candles.openTime))
      .limit(limit)
    return rows.reverse().map(toStoredCandle)
  }

  /** Returns the open time of the newest stored candle, or null when there is none. */
  async lastTimestamp(symbol: string, timeframe: string): Promise<number | null> {
    const [row] = await this.latest(symbol, timeframe, 1)
    return row ? row.timestampMs : null
  }
}

function toStoredCandle(row: typeof candles.$inferSelect): StoredCandle {
  return {
    timestampMs: row.openTime.getTime(),
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
  }
}
