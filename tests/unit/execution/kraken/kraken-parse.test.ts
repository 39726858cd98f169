import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { kraken } from 'ccxt'
import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  parseKrakenBalances,
  parseKrakenMarket,
  parseKrakenOrder,
  parseKrakenTrade,
} from '../../../../src-main/engine/execution/kraken/kraken-parse'

const folder = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')
/** A payload recorded from the real ccxt client by fixtures/record-fixtures.ts. */
const recorded = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')) as Record<string, unknown>
const NOW = 1_700_000_000_000

/** Decimals as strings, for readable expectations. */
function plain(value: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      field && typeof field === 'object' && 'toFixed' in field ? String(field) : field,
    ]),
  )
}

describe('Kraken parse functions on recorded ccxt payloads', () => {
  it('reads AddOrder acknowledgement: no state yet, open and unfilled', () => {
    expect(plain(parseKrakenOrder(recorded('order-limit-acknowledgement'), NOW))).toEqual({
      externalId: expect.stringMatching(/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/),
      clientOrderId: null,
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      status: 'open',
      size: '0.01',
      filledSize: '0',
      averagePrice: null,
      fee: '0',
      price: '29000',
      triggerPrice: null,
      leverage: 1,
      timestampMs: NOW,
    })
  })

  it.each([
    ['order-limit-open', { status: 'open', filledSize: '0', averagePrice: null, price: '29000' }],
    [
      'order-limit-partially-filled',
      { status: 'open', filledSize: '0.004', averagePrice: '29000', fee: '0.1856' },
    ],
    ['order-limit-cancelled', { status: 'canceled', filledSize: '0.004' }],
  ])('reads %s from the raw strings', (name, expected) => {
    const order = plain(parseKrakenOrder(recorded(name), NOW))
    expect(order).toMatchObject({
      ...expected,
      clientOrderId: '6d1b345e-2821-40e2-ad83-4ecb18a06876',
      type: 'limit',
      size: '0.01',
    })
    expect(order.timestampMs).toBeGreaterThan(NOW)
  })

  it('reads a filled margin market order with its leverage and average price', () => {
    expect(plain(parseKrakenOrder(recorded('order-market-margin-filled'), NOW))).toMatchObject({
      type: 'market',
      side: 'sell',
      status: 'closed',
      leverage: 2,
      filledSize: '0.02',
      averagePrice: '28900',
      price: null,
      clientOrderId: '7e2c456f-3932-41f3-be94-5fdc29b17987',
    })
  })

  describe('when Kraken reports a fill without its price', () => {
    /**
     * What ccxt 4.5.84 makes of a raw Kraken order entry: run through its own `parseOrder`
     * so the test sees the unified fields as they are (with `price` "0", ccxt leaves
     * `average` and `cost` unset, or 0 when the entry lists trade ids; `info` keeps `cost`).
     */
    function throughCcxt(name: string, raw: Record<string, unknown>): Record<string, unknown> {
      const exchange = new kraken()
      exchange.setMarkets([recorded('market-btc-usdt')] as never)
      const info = { ...(recorded(name).info as Record<string, unknown>), ...raw }
      return exchange.parseOrder(info) as unknown as Record<string, unknown>
    }

    it.each([
      ['price "0.00000"', 'order-take-profit-filled', { price: '0.00000' }],
      ['no price at all', 'order-take-profit-filled', { price: undefined }],
      ['price "0" and trade ids', 'order-limit-partially-filled', { price: '0' }],
    ])('derives the average as cost / vol_exec with %s', (_name, fixture, raw) => {
      const payload = throughCcxt(fixture, { ...raw, cost: '181.3', vol_exec: '0.007' })
      expect(payload.average || null).toBeNull()
      const order = parseKrakenOrder(payload, NOW)
      expect(order.filledSize.toString()).toBe('0.007')
      expect(order.averagePrice?.toString()).toBe('25900')
    })

    it('keeps the division exact to Decimal precision, unrounded to the price step', () => {
      const payload = throughCcxt('order-take-profit-filled', {
        price: '0.00000',
        cost: '100.00000',
        vol_exec: '0.00300000',
      })
      const average = parseKrakenOrder(payload, NOW).averagePrice
      expect(average?.toString()).toBe(new Decimal('100').div('0.003').toString())
      expect(average?.toString()).toBe('33333.333333333333333')
    })

    it('prefers the reported price over cost / vol_exec', () => {
      const payload = throughCcxt('order-take-profit-filled', { cost: '259.9' })
      expect(parseKrakenOrder(payload, NOW).averagePrice?.toString()).toBe('25900')
    })

    it.each([
      ['no cost', { price: '0.00000', cost: undefined }],
      ['a zero cost', { price: '0.00000', cost: '0.00000' }],
      ['nothing executed', { price: '0.00000', vol_exec: '0.00000000', status: 'open' }],
    ])('gives no average with %s', (_name, raw) => {
      const payload = throughCcxt('order-take-profit-filled', raw)
      expect(parseKrakenOrder(payload, NOW).averagePrice).toBeNull()
    })
  })

  it.each([
    [
      'order-stop-loss-open',
      { type: 'stop-loss', status: 'open', triggerPrice: '27000', side: 'sell' },
    ],
    [
      'order-take-profit-filled',
      {
        type: 'take-profit',
        status: 'closed',
        triggerPrice: '26000',
        averagePrice: '25900',
        fee: '0.6734',
      },
    ],
  ])('reads the trigger price of %s', (name, expected) => {
    expect(plain(parseKrakenOrder(recorded(name), NOW))).toMatchObject({ ...expected, price: null })
  })

  it('reads trades with exact size, price and fee', () => {
    const trades = (recorded('trades') as unknown as unknown[]).map((trade) =>
      plain(parseKrakenTrade(trade)),
    )
    expect(trades[0]).toEqual({
      tradeId: 'TCHEAW-5PDU3-O2I7JJ',
      externalOrderId: 'OLANKR-4EUK7-5AVTNY',
      symbol: 'BTC/USDT',
      side: 'buy',
      size: '0.004',
      price: '29000',
      fee: '0.1856',
      feeAsset: 'USDT',
      timestampMs: expect.any(Number),
    })
    expect(trades.length).toBeGreaterThan(2)
  })

  it('reads BalanceEx: total, held and free by currency code', () => {
    const codes: Record<string, string> = { XXBT: 'BTC', USDT: 'USDT' }
    const balances = parseKrakenBalances(recorded('balance'), (id) => codes[id] ?? id)
    expect(
      Object.fromEntries(Object.entries(balances).map(([code, b]) => [code, plain(b)])),
    ).toEqual({
      USDT: { total: '99880.9648', used: '289', free: '99591.9648' },
      BTC: { total: '1.004', used: '0', free: '1.004' },
    })
  })

  it('adds up balances Kraken lists under several ids of one currency', () => {
    const payload = {
      result: { XXBT: { balance: '1' }, 'XBT.F': { balance: '0.5', hold_trade: '0.1' } },
    }
    const balances = parseKrakenBalances(payload, () => 'BTC')
    expect(plain(balances.BTC!)).toEqual({ total: '1.5', used: '0.1', free: '1.4' })
  })

  it('reads market rules from AssetPairs', () => {
    expect(plain(parseKrakenMarket(recorded('market-btc-usdt')))).toEqual({
      symbol: 'BTC/USDT',
      amountStep: '1e-8',
      priceStep: '0.1',
      minSize: '0.00005',
      minCost: '0.5',
    })
    const bare = { symbol: 'X/Y', info: { lot_decimals: 2, pair_decimals: 3 } }
    expect(plain(parseKrakenMarket(bare))).toMatchObject({
      priceStep: '0.001',
      amountStep: '0.01',
      minSize: '0',
      minCost: '0',
    })
  })

  it.each([
    ['no id', { ...recorded('order-limit-open'), id: '' }, 'id'],
    [
      'an unknown status',
      {
        ...recorded('order-limit-open'),
        info: { ...(recorded('order-limit-open').info as object), status: 'weird' },
      },
      'unknown order status weird',
    ],
    [
      'a trailing stop',
      {
        ...recorded('order-limit-open'),
        info: {
          ...(recorded('order-limit-open').info as object),
          descr: { ordertype: 'trailing-stop' },
        },
      },
      'unsupported type trailing-stop',
    ],
    [
      'no type at all',
      { id: 'O1', symbol: 'BTC/USDT', side: 'buy', amount: 1, info: {} },
      'has no type',
    ],
    [
      'no volume',
      { id: 'O1', symbol: 'BTC/USDT', side: 'buy', type: 'market', info: {} },
      'has no volume',
    ],
  ])('refuses an order payload with %s as operational', (_name, payload, detail) => {
    expect(() => parseKrakenOrder(payload, NOW)).toThrow(
      expect.objectContaining({ kind: 'operational', message: expect.stringContaining(detail) }),
    )
  })

  it('derives the type of an acknowledgement from ccxt when descr has no ordertype', () => {
    const base = {
      id: 'O1',
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.5,
      info: { descr: { order: 'x' } },
    }
    expect(parseKrakenOrder({ ...base, stopLossPrice: 100 }, NOW)).toMatchObject({
      type: 'stop-loss',
    })
    const target = parseKrakenOrder({ ...base, takeProfitPrice: 200 }, NOW)
    expect(target.type).toBe('take-profit')
    expect(target.triggerPrice?.toString()).toBe('200')
    expect(parseKrakenOrder({ ...base, type: 'market' }, NOW).price).toBeNull()
    expect(
      parseKrakenOrder({ ...base, info: { descr: { leverage: '3:1' } }, type: 'market' }, NOW)
        .leverage,
    ).toBe(3)
    expect(
      parseKrakenOrder({ ...base, info: { descr: { leverage: 'junk' } }, type: 'market' }, NOW)
        .leverage,
    ).toBe(1)
  })
})
