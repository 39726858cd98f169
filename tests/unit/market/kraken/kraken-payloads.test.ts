import { describe, expect, it } from 'vitest'
import { MarketExchangeError } from '../../../../src-main/engine/market'
import {
  numberText,
  parseDepthResponse,
  parseOhlcResponse,
  parseStreamedCandles,
  parseStreamedTicker,
  parseTickerResponse,
} from '../../../../src-main/engine/market/kraken'

const BTC = { symbol: 'BTC/USDT', pairId: 'XBTUSDT' }
const T0 = 1688671200 // s, a minute boundary

/**
 * Kraken's OHLC answer (reference §1.6) with the given rows; `last`, the newest committed
 * open time, is after them unless given.
 */
const ohlc = (rows: unknown[], last = T0 + 600) => ({ error: [], result: { XBTUSDT: rows, last } })
const row = (
  seconds: number,
  open = '30306.1',
  high = '30306.2',
  low = '30305.7',
  close = '30305.7',
) => [seconds, open, high, low, close, '30306.1', '3.39243896', 23]

describe('parseOhlcResponse', () => {
  it('turns Kraken rows into candles with exact decimal strings', () => {
    const { candles, rejections } = parseOhlcResponse(ohlc([row(T0), row(T0 + 60)]), BTC)
    expect(rejections).toEqual([])
    expect(candles.map((candle) => candle.toStrings())).toEqual([
      {
        timestampMs: T0 * 1000,
        open: '30306.1',
        high: '30306.2',
        low: '30305.7',
        close: '30305.7',
        volume: '3.39243896',
      },
      expect.objectContaining({ timestampMs: (T0 + 60) * 1000 }),
    ])
  })

  it.each([
    ['a short row', [T0, '1', '2'], /^INVALID_PAYLOAD: symbol=BTC\/USDT row=0 issue=/],
    [
      'a number where a string belongs',
      [T0, 1, '2', '1', '1', '1', '1', 1],
      /^INVALID_PAYLOAD: .*row=0/,
    ],
    ['a malformed price', row(T0, 'abc'), /^MALFORMED_NUMBER: .*field=open .*symbol=BTC\/USDT/],
    ['high below the close', row(T0, '10', '10', '9', '11'), /^HIGH_BELOW_OPEN_CLOSE: /],
    ['a zero price', row(T0, '0', '1', '0', '1'), /^NON_POSITIVE_PRICE: /],
    ['a time off the minute', row(T0 + 30), /^TIMESTAMP_NOT_ALIGNED: /],
  ])('refuses %s with a reason and keeps the other rows', (_name, bad, reason) => {
    const { candles, rejections } = parseOhlcResponse(ohlc([bad, row(T0 + 120)]), BTC)
    expect(candles).toHaveLength(1)
    expect(rejections).toHaveLength(1)
    expect(rejections[0]?.message).toMatch(reason)
  })

  it('refuses duplicate and out-of-order rows', () => {
    const { candles, rejections } = parseOhlcResponse(
      ohlc([row(T0 + 60), row(T0 + 60), row(T0)]),
      BTC,
    )
    expect(candles).toHaveLength(1)
    expect(rejections.map((rejection) => rejection.code)).toEqual([
      'DUPLICATE_TIMESTAMP',
      'OUT_OF_ORDER_TIMESTAMP',
    ])
  })

  it('leaves out the minute still forming: rows after `last`, the newest committed one', () => {
    const { candles, rejections } = parseOhlcResponse(
      ohlc([row(T0), row(T0 + 60), row(T0 + 120)], T0 + 60),
      BTC,
    )
    expect(rejections).toEqual([])
    expect(candles.map((candle) => candle.timestampMs)).toEqual([T0 * 1000, (T0 + 60) * 1000])
  })

  it.each([
    ['no `last`', { error: [], result: { XBTUSDT: [row(T0)] } }, /field=last /],
    [
      'a `last` that is not a time',
      { error: [], result: { XBTUSDT: [], last: '1' } },
      /field=last /,
    ],
  ])('throws invalid-payload naming the field on %s', (_name, response, named) => {
    expect(() => parseOhlcResponse(response, BTC)).toThrow(named)
  })

  it.each([
    ['no result', { error: [] }],
    ['no rows for the pair', { error: [], result: { last: T0 } }],
    ['rows that are not a list', { error: [], result: { XBTUSDT: 'x' } }],
  ])('throws invalid-payload on %s', (_name, response) => {
    const error = (() => {
      try {
        parseOhlcResponse(response, BTC)
      } catch (caught) {
        return caught
      }
      return null
    })()
    expect(error).toBeInstanceOf(MarketExchangeError)
    expect(error).toMatchObject({ kind: 'invalid-payload' })
    expect((error as Error).message).toMatch(
      /^INVALID_PAYLOAD: method=OHLC symbol=BTC\/USDT pair=XBTUSDT issue=/,
    )
  })
})

describe('parseTickerResponse', () => {
  const entry = (last: string, bid = '30300.00000', ask = '30300.10000') => ({
    a: [ask, '1', '1.000'],
    b: [bid, '1', '1.000'],
    c: [last, '0.00067643'],
    v: ['4083.67001100', '4412.73601799'],
    o: '30502.80000',
  })

  it('reads last, bid and ask of each pair and refuses unusable entries', () => {
    const response = {
      error: [],
      result: { XBTUSDT: entry('30303.20000'), XRPUSDT: entry('0.00000'), XXRPXXBT: { c: [] } },
    }
    const pairs = [
      BTC,
      { symbol: 'XRP/USDT', pairId: 'XRPUSDT' },
      { symbol: 'XRP/BTC', pairId: 'XXRPXXBT' },
      { symbol: 'ETH/USDT', pairId: 'ETHUSDT' },
    ]
    const { ticks, rejections } = parseTickerResponse(response, pairs, 42)
    expect(ticks).toEqual([
      {
        symbol: 'BTC/USDT',
        timestampMs: 42,
        last: '30303.20000',
        bid: '30300.00000',
        ask: '30300.10000',
      },
    ])
    expect(rejections.map(({ symbol, rejection }) => [symbol, rejection.message])).toEqual([
      ['XRP/USDT', 'INVALID_PAYLOAD: symbol=XRP/USDT field=last value="0.00000"'],
      ['XRP/BTC', expect.stringMatching(/^INVALID_PAYLOAD: symbol=XRP\/BTC issue=/)],
      ['ETH/USDT', expect.stringMatching(/^INVALID_PAYLOAD: symbol=ETH\/USDT issue=/)],
    ])
  })

  it('throws invalid-payload on a broken envelope', () => {
    expect(() => parseTickerResponse('oops', [BTC], 0)).toThrow(/INVALID_PAYLOAD: method=Ticker/)
    expect(() => parseTickerResponse('oops', [], 0)).toThrow(/symbol=none/)
  })
})

describe('parseDepthResponse', () => {
  it('reads levels best first, keyed by pair id or websocket name', () => {
    const book = {
      asks: [
        ['30384.20000', '1.0', 1688671659],
        ['30384.10000', '2.059', 1688671659],
      ],
      bids: [
        ['30297.00000', '0.115', 1688671656],
        ['30298.00000', '0.5', 1688671656],
      ],
    }
    const expected = {
      bids: [
        { price: '30298.00000', volume: '0.5' },
        { price: '30297.00000', volume: '0.115' },
      ],
      asks: [
        { price: '30384.10000', volume: '2.059' },
        { price: '30384.20000', volume: '1.0' },
      ],
    }
    expect(parseDepthResponse({ error: [], result: { XBTUSDT: book } }, BTC)).toEqual(expected)
    expect(
      parseDepthResponse({ error: [], result: { 'XBT/USDT': book } }, BTC, 'XBT/USDT'),
    ).toEqual(expected)
  })

  it.each([
    ['a missing book', { error: [], result: {} }, /INVALID_PAYLOAD: method=Depth/],
    [
      'a negative volume',
      { error: [], result: { XBTUSDT: { asks: [['1', '-1', 0]], bids: [] } } },
      /INVALID_PAYLOAD: method=Depth symbol=BTC\/USDT price="1" volume="-1"/,
    ],
  ])('throws on %s', (_name, response, message) => {
    expect(() => parseDepthResponse(response, BTC)).toThrow(message)
  })
})

describe('streamed payloads (ccxt watch results)', () => {
  it('turns ccxt OHLCV rows into sorted candles and refuses bad rows', () => {
    const { candles, rejections } = parseStreamedCandles(
      [
        [T0 * 1000 + 60_000, 2, 3, 1, 2.5, 10],
        [T0 * 1000, 0.00002635, 0.00002636, 0.00002633, 0.00002635, 47830],
        [T0 * 1000 + 120_000, 2, 1, 1, 2, 1],
        ['x'],
      ],
      'XRP/BTC',
    )
    expect(candles.map((candle) => [candle.timestampMs, candle.openText])).toEqual([
      [T0 * 1000, '0.00002635'],
      [T0 * 1000 + 60_000, '2'],
    ])
    expect(rejections.map((rejection) => rejection.code)).toEqual([
      'HIGH_BELOW_OPEN_CLOSE',
      'INVALID_PAYLOAD',
    ])
    expect(() => parseStreamedCandles({}, 'XRP/BTC')).toThrow(/INVALID_PAYLOAD: method=watchOHLCV/)
  })

  it('turns a ccxt ticker into a tick and refuses one without a usable last price', () => {
    expect(
      parseStreamedTicker({ last: 57123.4, bid: 57123.3, ask: undefined }, 'BTC/USDT', 7),
    ).toEqual({
      symbol: 'BTC/USDT',
      timestampMs: 7,
      last: '57123.4',
      bid: '57123.3',
      ask: null,
    })
    expect(() => parseStreamedTicker({ last: 0 }, 'BTC/USDT', 7)).toThrow(
      /INVALID_PAYLOAD: method=watchTicker/,
    )
  })

  it.each([
    [0.1, '0.1'],
    [1e-8, '0.00000001'],
    [57000.1, '57000.1'],
    [1e21, '1000000000000000000000'],
  ])('writes %s as %s', (value, text) => {
    expect(numberText(value)).toBe(text)
  })
})
