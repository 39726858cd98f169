import { describe, expect, it } from 'vitest'
import { UsageError } from '../../../src-main/cli/cli-io'
import {
  cutToWindow,
  parseSpeed,
  parseTime,
  parseWindow,
  replayFilesBySymbol,
  windowShortfall,
  type ReplayWindow,
} from '../../../src-main/cli/commands/replay-data-files'
import { RESOURCES_DIR } from '../../helpers/market/candles'

const BTC = `${RESOURCES_DIR}/market/BTCUSDT_1m.csv`
const XRP = `${RESOURCES_DIR}/market/XRPUSDT_1m.csv`

describe('replay command options', () => {
  it('maps data files to symbols by name', () => {
    expect(replayFilesBySymbol([BTC, XRP])).toEqual({ 'BTC/USDT': BTC, 'XRP/USDT': XRP })
    expect(() => replayFilesBySymbol([`${RESOURCES_DIR}/market/README.md`])).toThrow(
      /cannot tell the symbol of .*README.md/,
    )
    expect(() =>
      replayFilesBySymbol([BTC, `${RESOURCES_DIR}/market/BTCUSDT_1m_2021-04-22.csv`]),
    ).toThrow(/two files for BTC\/USDT/)
  })

  it('refuses a data file that is not there, naming it', () => {
    expect(() => replayFilesBySymbol(['/tmp/none/BTCUSDT_1m.csv'])).toThrow(
      new UsageError('--data /tmp/none/BTCUSDT_1m.csv: no such file'),
    )
  })

  it('refuses a window that ends before it starts', () => {
    expect(parseWindow('2021-05-10', '2021-05-11')).toEqual({
      fromMs: Date.UTC(2021, 4, 10),
      toMs: Date.UTC(2021, 4, 11),
    })
    expect(parseWindow(undefined, '2021-05-11')).toEqual({
      fromMs: undefined,
      toMs: Date.UTC(2021, 4, 11),
    })
    expect(() => parseWindow('2021-05-11', '2021-05-10')).toThrow(
      new UsageError('--from must be before --to, got --from 2021-05-11 --to 2021-05-10'),
    )
    expect(() => parseWindow('2021-05-10', '2021-05-10')).toThrow(/--from must be before --to/)
  })

  it('cuts a CSV to the window, from inclusive to exclusive', () => {
    const csv = 'timestamp_ms,open,high,low,close,volume\n60000,1,1,1,1,1\n120000,2,2,2,2,1\n'
    expect(cutToWindow('BTC/USDT', csv, { fromMs: 60_000, toMs: 120_000 }).text).toBe(
      'timestamp_ms,open,high,low,close,volume\n60000,1,1,1,1,1\n',
    )
    expect(cutToWindow('BTC/USDT', csv, { fromMs: 120_000, toMs: undefined }).text).toBe(
      'timestamp_ms,open,high,low,close,volume\n120000,2,2,2,2,1\n',
    )
  })

  it('says what part of the window asked the data does not cover', () => {
    const csv =
      'timestamp_ms,open,high,low,close,volume\n60000,1,1,1,1,1\n120000,2,2,2,2,1\n180000,3,3,3,3,1\n'
    const shortfall = (symbol: string, window: ReplayWindow, historyMs = 0) =>
      windowShortfall(symbol, cutToWindow(symbol, csv, window, historyMs), window)
    // Candles at 1, 2 and 3 minutes cover [1 min, 4 min) exactly.
    expect(shortfall('BTC/USDT', { fromMs: 60_000, toMs: 240_000 })).toBeNull()
    expect(shortfall('BTC/USDT', { fromMs: undefined, toMs: undefined })).toBeNull()
    expect(shortfall('BTC/USDT', { fromMs: 60_000, toMs: 600_000 })).toBe(
      'BTC/USDT data ends 1970-01-01T00:03, before --to 1970-01-01T00:10 (UTC)',
    )
    expect(shortfall('XRP/USDT', { fromMs: 0, toMs: 600_000 })).toBe(
      'XRP/USDT data starts 1970-01-01T00:01, after --from 1970-01-01T00:00 and ends 1970-01-01T00:03, before --to 1970-01-01T00:10 (UTC)',
    )
    // The first candle is warm-up history before --from: the window starts at the second.
    expect(shortfall('BTC/USDT', { fromMs: 120_000, toMs: 240_000 }, 60_000)).toBeNull()
  })

  it('keeps up to historyMs before the window for the engine to warm up on', () => {
    const csv =
      'timestamp_ms,open,high,low,close,volume\n60000,1,1,1,1,1\n120000,2,2,2,2,1\n180000,3,3,3,3,1\n'
    expect(cutToWindow('BTC/USDT', csv, { fromMs: 180_000, toMs: undefined }, 60_000)).toEqual({
      text: 'timestamp_ms,open,high,low,close,volume\n120000,2,2,2,2,1\n180000,3,3,3,3,1\n',
      firstInWindowMs: 180_000,
      lastMs: 180_000,
    })
    // History alone is not a replay: the window itself must hold candles.
    expect(() =>
      cutToWindow('BTC/USDT', csv, { fromMs: 240_000, toMs: undefined }, 600_000),
    ).toThrow(/no BTC\/USDT candles from 1970-01-01T00:04 to the end/)
  })

  it('refuses a window with no candles, saying what the data covers', () => {
    const csv = 'timestamp_ms,open,high,low,close,volume\n60000,1,1,1,1,1\n120000,2,2,2,2,1\n'
    expect(() =>
      cutToWindow('BTC/USDT', csv, { fromMs: Date.UTC(2030, 0, 1), toMs: undefined }),
    ).toThrow(
      new UsageError(
        'no BTC/USDT candles from 2030-01-01T00:00 to the end: the data covers 1970-01-01T00:01 to 1970-01-01T00:02',
      ),
    )
    expect(() =>
      cutToWindow('XRP/USDT', 'timestamp_ms,open,high,low,close,volume\n', {
        fromMs: undefined,
        toMs: 60_000,
      }),
    ).toThrow('no XRP/USDT candles from the start to 1970-01-01T00:01: the data has no candles')
  })

  it('parses speed and times', () => {
    expect(parseSpeed(undefined, 60)).toBe(60)
    expect(parseSpeed('max', 60)).toBe('max')
    expect(parseSpeed('120', 60)).toBe(120)
    expect(() => parseSpeed('-1', 60)).toThrow(/positive number or max/)
    expect(parseTime('from', '2021-05-10')).toBe(Date.UTC(2021, 4, 10))
    expect(parseTime('to', '2021-05-10T06:30')).toBe(Date.UTC(2021, 4, 10, 6, 30))
    expect(parseTime('to', undefined)).toBeUndefined()
    expect(() => parseTime('from', 'yesterday')).toThrow(/--from must be a date/)
  })
})
