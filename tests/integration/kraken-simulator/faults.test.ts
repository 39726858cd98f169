import {
  BadRequest,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InvalidNonce,
  NetworkError,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt'
import { describe, expect, it, vi } from 'vitest'
import { connectCcxt } from '../../fakes/kraken'
import { idOf, rejectionOf, useSimulator } from './simulator-setup'

type ErrorClass = abstract new (...args: never[]) => Error

describe('Kraken simulator fault injection and the ccxt exceptions it produces', () => {
  const { sim, exchange } = useSimulator({
    balances: { USDT: '100000', BTC: '1' },
    prices: { 'BTC/USDT': '30000.0' },
  })

  describe('HTTP status instead of an answer', () => {
    it.each<[number, ErrorClass]>([
      [500, ExchangeNotAvailable],
      [502, ExchangeNotAvailable],
      [503, ExchangeNotAvailable],
      [520, ExchangeNotAvailable],
      [504, RequestTimeout],
      [429, RateLimitExceeded],
    ])('HTTP %i becomes %o and the order is not placed', async (status, errorClass) => {
      sim().faults.httpStatus('AddOrder', status)
      const error = await rejectionOf(exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01))
      expect((error as Error).constructor).toBe(errorClass)
      expect(sim().orders()).toEqual([])
      expect(sim().requests('AddOrder')[0]).toMatchObject({ status, outcome: 'fault-reply' })
    })

    it('hits the next N requests only, then the endpoint answers again', async () => {
      sim().faults.httpStatus('BalanceEx', 503, 2)
      expect(await rejectionOf(exchange().fetchBalance())).toBeInstanceOf(ExchangeNotAvailable)
      expect(await rejectionOf(exchange().fetchBalance())).toBeInstanceOf(ExchangeNotAvailable)
      expect((await exchange().fetchBalance())['USDT']?.total).toBe(100000)
      expect(sim().faults.pending()).toEqual([])
    })

    it('"*" targets every method, public ones included', async () => {
      sim().faults.httpStatus('*', 502, 2)
      expect(await rejectionOf(exchange().fetchTicker('BTC/USDT'))).toBeInstanceOf(
        ExchangeNotAvailable,
      )
      expect(await rejectionOf(exchange().fetchOpenOrders())).toBeInstanceOf(ExchangeNotAvailable)
      expect((await exchange().fetchTicker('BTC/USDT')).last).toBe(30000)
    })

    it('leaves other methods alone', async () => {
      sim().faults.httpStatus('AddOrder', 502)
      await exchange().fetchBalance()
      expect(sim().faults.pending()).toHaveLength(1)
    })
  })

  describe('Kraken error strings', () => {
    it.each<[string, (times?: number) => unknown, ErrorClass]>([
      [
        'EAPI:Rate limit exceeded',
        (times) => sim().faults.rateLimit('AddOrder', times),
        DDoSProtection,
      ],
      [
        'EService:Unavailable',
        (times) => sim().faults.serviceUnavailable('AddOrder', times),
        ExchangeNotAvailable,
      ],
      [
        'EGeneral:Internal error',
        (times) => sim().faults.internalError('AddOrder', times),
        ExchangeNotAvailable,
      ],
    ])('%s becomes %o and the order is not placed', async (_text, arm, errorClass) => {
      arm(1)
      const error = await rejectionOf(exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01))
      expect((error as Error).constructor).toBe(errorClass)
      expect(sim().orders()).toEqual([])
    })

    it.each<[string, ErrorClass]>([
      ['EOrder:Rate limit exceeded', DDoSProtection],
      ['EGeneral:Temporary lockout', DDoSProtection],
      ['EGeneral:Too many requests', DDoSProtection],
      ['EService:Busy', ExchangeNotAvailable],
      ['EDatabase:Internal error', ExchangeNotAvailable],
      ['EAPI:Invalid nonce', InvalidNonce],
      ['EGeneral:Invalid arguments', BadRequest],
      ['EService:Throttled: 1700000000', ExchangeError],
    ])('an injected %s becomes %o', async (text, errorClass) => {
      sim().faults.krakenError('OpenOrders', text)
      const error = await rejectionOf(exchange().fetchOpenOrders())
      expect((error as Error).constructor).toBe(errorClass)
      expect(sim().requests('OpenOrders')[0]).toMatchObject({ status: 200, errors: [text] })
    })
  })

  describe('timeouts', () => {
    it('a delay longer than the client timeout becomes RequestTimeout', async () => {
      const impatient = connectCcxt(sim(), { timeout: 100 })
      await impatient.loadMarkets()
      sim().faults.delay('BalanceEx', 1_000)
      expect(await rejectionOf(impatient.fetchBalance())).toBeInstanceOf(RequestTimeout)
    })

    it('an order delayed past the timeout is still placed, and is found by client id', async () => {
      const impatient = connectCcxt(sim(), { timeout: 100 })
      await impatient.loadMarkets()
      sim().faults.delay('AddOrder', 300)
      const error = await rejectionOf(
        impatient.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
          clientOrderId: 'tg-slow',
        }),
      )
      expect(error).toBeInstanceOf(RequestTimeout)
      await vi.waitFor(() => expect(sim().openOrders()).toHaveLength(1), { timeout: 5_000 })
      const found = await exchange().fetchOpenOrders(undefined, undefined, undefined, {
        clientOrderId: 'tg-slow',
      })
      expect(found.map((order) => order.clientOrderId)).toEqual(['tg-slow'])
    })

    it('a delay shorter than the timeout only slows the answer', async () => {
      sim().faults.delay('Ticker', 20)
      expect((await exchange().fetchTicker('BTC/USDT')).last).toBe(30000)
    })
  })

  describe('order accepted but the response lost', () => {
    it('a destroyed connection becomes NetworkError; the resting order is found with fetchOpenOrders({clientOrderId})', async () => {
      sim().faults.loseResponse('AddOrder')
      const error = await rejectionOf(
        exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
          clientOrderId: 'tg-lost-1',
        }),
      )
      expect((error as Error).constructor).toBe(NetworkError)
      expect(sim().requests('AddOrder')[0]).toMatchObject({ outcome: 'lost-response' })

      const found = await exchange().fetchOpenOrders(undefined, undefined, undefined, {
        clientOrderId: 'tg-lost-1',
      })
      expect(found).toHaveLength(1)
      expect(found[0]).toMatchObject({
        id: sim().orders()[0]?.txid,
        clientOrderId: 'tg-lost-1',
        status: 'open',
      })
    })

    it('an HTTP 502 after execution becomes ExchangeNotAvailable; the filled order is found with fetchClosedOrders({clientOrderId})', async () => {
      sim().faults.loseResponse('AddOrder', { mode: 'http-status', status: 502 })
      const error = await rejectionOf(
        exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, {
          clientOrderId: 'tg-lost-2',
        }),
      )
      expect(error).toBeInstanceOf(ExchangeNotAvailable)
      const found = await exchange().fetchClosedOrders(undefined, undefined, undefined, {
        clientOrderId: 'tg-lost-2',
      })
      expect(found).toHaveLength(1)
      expect(found[0]).toMatchObject({ status: 'closed', filled: 0.01, clientOrderId: 'tg-lost-2' })
      expect(sim().balance('BTC').total).toBe('1.01')
    })

    it('a retry with the same client id is refused while the first order is open, so it is never placed twice', async () => {
      sim().faults.loseResponse('AddOrder')
      const place = () =>
        exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
          clientOrderId: 'tg-once',
        })
      await rejectionOf(place())
      expect(String(await rejectionOf(place()))).toContain('EOrder:Duplicate cl_ord_id')
      expect(sim().orders()).toHaveLength(1)
    })

    it('a lost cancel still cancels', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000)
      sim().faults.loseResponse('CancelOrder')
      expect(await rejectionOf(exchange().cancelOrder(idOf(created)))).toBeInstanceOf(NetworkError)
      expect(sim().order(idOf(created))?.status).toBe('canceled')
    })
  })

  describe('partial fills', () => {
    it('a market order fills a fraction now and the rest on fillRemaining', async () => {
      sim().faults.partialFill('0.4')
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.1)
      const partial = await exchange().fetchOrder(idOf(created))
      expect(partial).toMatchObject({ status: 'open', filled: 0.04, remaining: 0.06 })
      expect(sim().balance('BTC').total).toBe('1.04')

      sim().setPrice('BTC/USDT', '30100.0')
      expect(sim().order(idOf(created))?.filled).toBe('0.04')
      sim().fillRemaining(idOf(created))

      const filled = await exchange().fetchOrder(idOf(created))
      expect(filled).toMatchObject({ status: 'closed', filled: 0.1, remaining: 0 })
      expect(filled.average).toBeCloseTo(30060, 6)
      const trades = await exchange().fetchMyTrades('BTC/USDT')
      expect(trades.map((trade) => [trade.price, trade.amount])).toEqual([
        [30000, 0.04],
        [30100, 0.06],
      ])
      // 100000 - (1200 + 3.12) - (1806 + 4.6956)
      expect(sim().balance('USDT').total).toBe('96986.1844')
    })

    it('a resting limit order fills part at one crossing and the rest at the next', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.1, 29000)
      sim().faults.partialFill('0.5')
      sim().setPrice('BTC/USDT', '28900.0')
      expect(sim().order(idOf(created))).toMatchObject({ status: 'open', filled: '0.05' })
      expect(sim().balance('USDT').held).toBe('1453.77')
      sim().setPrice('BTC/USDT', '28800.0')
      expect(sim().order(idOf(created))).toMatchObject({
        status: 'closed',
        filled: '0.1',
        cost: '2900',
      })
      expect(
        sim()
          .trades()
          .every((trade) => trade.isMaker && trade.price === '29000'),
      ).toBe(true)
    })

    it('fillRemaining fills a resting limit order at its limit price, or at a given price', async () => {
      const atLimit = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000)
      const atPrice = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 28000)
      sim().fillRemaining(idOf(atLimit))
      sim().fillRemaining(idOf(atPrice), '27500.0')
      expect(
        sim()
          .trades()
          .map((trade) => trade.price),
      ).toEqual(['29000', '27500'])
      expect(() => sim().fillRemaining(idOf(atLimit))).toThrow(/no open order/)
    })
  })
})
