import { describe, expect, it } from 'vitest'
import { UsageError } from '../../../src-main/cli/cli-io'
import {
  parseSpeed,
  parseTime,
  replayFilesBySymbol,
} from '../../../src-main/cli/commands/replay-data-files'

describe('replay command options', () => {
  it('maps data files to symbols by name', () => {
    expect(replayFilesBySymbol(['/d/binance_BTCUSDT_1m.csv', 'XRPUSDT_1m.csv'])).toEqual({
      'BTC/USDT': '/d/binance_BTCUSDT_1m.csv',
      'XRP/USDT': 'XRPUSDT_1m.csv',
    })
    expect(() => replayFilesBySymbol(['prices.csv'])).toThrow(UsageError)
    expect(() => replayFilesBySymbol(['a_BTCUSDT.csv', 'b_BTCUSDT.csv'])).toThrow(
      /two files for BTC\/USDT/,
    )
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
