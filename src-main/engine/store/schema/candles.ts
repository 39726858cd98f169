import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { decimal, instant } from './columns'

/** Closed OHLCV candles per symbol and timeframe; `open_time` is the candle's start. */
export const candles = pgTable(
  'candles',
  {
    symbol: text('symbol').notNull(),
    timeframe: text('timeframe').notNull(),
    openTime: instant('open_time').notNull(),
    open: decimal('open').notNull(),
    high: decimal('high').notNull(),
    low: decimal('low').notNull(),
    close: decimal('close').notNull(),
    volume: decimal('volume').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.symbol, table.timeframe, table.openTime] }),
    index('candles_open_time_idx').on(table.openTime),
  ],
)
