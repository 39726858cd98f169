import { ExchangeError, OrderNotFound } from 'ccxt'
import { describe, expect, it } from 'vitest'
import { idOf, rejectionOf, useSimulator } from './simulator-setup'

describe('Kraken simulator client order ids through ccxt', () => {
  const { sim, exchange } = useSimulator({
    balances: { USDT: '100000', BTC: '2' },
    prices: { 'BTC/USDT': '30000.0' },
  })

  describe('cl_ord_id (ccxt clientOrderId)', () => {
    it('is sent as cl_ord_id and comes back as clientOrderId', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        clientOrderId: 'tg-entry-0001',
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({ cl_ord_id: 'tg-entry-0001' })
      // AddOrder's answer carries only the description and txid.
      expect(created.clientOrderId).toBeUndefined()
      expect((await exchange().fetchOrder(idOf(created))).clientOrderId).toBe('tg-entry-0001')
    })

    it('finds an open order by client id with fetchOpenOrders({clientOrderId})', async () => {
      await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        clientOrderId: 'tg-a',
      })
      const wanted = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 28000, {
        clientOrderId: 'tg-b',
      })
      const found = await exchange().fetchOpenOrders(undefined, undefined, undefined, {
        clientOrderId: 'tg-b',
      })
      expect(found.map((order) => order.id)).toEqual([wanted.id])
      expect(sim().requests('OpenOrders').at(-1)?.params).toMatchObject({ cl_ord_id: 'tg-b' })
    })

    it('finds a filled order by client id with fetchClosedOrders({clientOrderId})', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, {
        clientOrderId: 'tg-filled',
      })
      const found = await exchange().fetchClosedOrders(undefined, undefined, undefined, {
        clientOrderId: 'tg-filled',
      })
      expect(found).toHaveLength(1)
      expect(found[0]).toMatchObject({
        id: created.id,
        status: 'closed',
        clientOrderId: 'tg-filled',
      })
    })

    it('cancels by client id: cancelOrder(anyId, symbol, {clientOrderId}) sends cl_ord_id and no txid', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        clientOrderId: 'tg-c',
      })
      await exchange().cancelOrder('', 'BTC/USDT', { clientOrderId: 'tg-c' })
      expect(sim().requests('CancelOrder')[0]?.params).toEqual({
        nonce: expect.any(String) as unknown,
        cl_ord_id: 'tg-c',
      })
      expect(sim().order(idOf(created))?.status).toBe('canceled')
    })

    it('cancels when the client id is passed as the order id (Kraken accepts it as txid)', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        clientOrderId: 'tg-d',
      })
      await exchange().cancelOrder('tg-d', 'BTC/USDT')
      expect(sim().order(idOf(created))?.status).toBe('canceled')
    })

    it.each([
      ['a long UUID', 'd15708c1-dbb6-465d-b77d-47258319cc90'],
      ['a short UUID', 'd15708c1dbb6465db77d47258319cc90'],
      ['18 characters of free text', 'tg-123456789012345'],
    ])('accepts %s', async (_name, id) => {
      await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, { clientOrderId: id })
      expect(sim().openOrders()[0]?.clientOrderId).toBe(id)
    })

    it('refuses free text longer than 18 characters', async () => {
      const error = await rejectionOf(
        exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
          clientOrderId: 'tg-1234567890123456',
        }),
      )
      expect(error).toBeInstanceOf(ExchangeError)
      expect(String(error)).toContain('EGeneral:Invalid arguments:cl_ord_id')
    })

    it('refuses a client id already used by an open order, and accepts it again once that order is done', async () => {
      const first = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        clientOrderId: 'tg-dup',
      })
      const error = await rejectionOf(
        exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
          clientOrderId: 'tg-dup',
        }),
      )
      expect(String(error)).toContain('EOrder:Duplicate cl_ord_id')
      await exchange().cancelOrder(idOf(first))
      await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        clientOrderId: 'tg-dup',
      })
      expect(sim().openOrders()).toHaveLength(1)
    })

    it('refuses userref and cl_ord_id together', async () => {
      const error = await rejectionOf(
        exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
          clientOrderId: 'tg-x',
          userref: 7,
        }),
      )
      expect(String(error)).toContain('EGeneral:Invalid arguments:cl_ord_id')
    })

    it('fetchOrder(id, symbol, {clientOrderId}) sends it as userref, which Kraken refuses unless numeric', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        clientOrderId: 'tg-q',
      })
      const error = await rejectionOf(
        exchange().fetchOrder(idOf(created), 'BTC/USDT', { clientOrderId: 'tg-q' }),
      )
      expect(error).toBeInstanceOf(ExchangeError)
      expect(String(error)).toContain('EGeneral:Invalid arguments:userref')
    })
  })

  describe('userref (an int32 tag)', () => {
    it('is sent raw and comes back as clientOrderId when there is no cl_ord_id', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        userref: 42,
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({ userref: '42' })
      expect((await exchange().fetchOrder(idOf(created))).clientOrderId).toBe('42')
    })

    it('filters OpenOrders and QueryOrders', async () => {
      const tagged = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        userref: 42,
      })
      const other = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        userref: 7,
      })
      const open = await exchange().fetchOpenOrders(undefined, undefined, undefined, {
        userref: 42,
      })
      expect(open.map((order) => order.id)).toEqual([tagged.id])
      expect((await exchange().fetchOrder(idOf(tagged), undefined, { userref: 42 })).id).toBe(
        tagged.id,
      )
      expect(
        await rejectionOf(exchange().fetchOrder(idOf(other), undefined, { userref: 42 })),
      ).toBeInstanceOf(OrderNotFound)
    })

    it('cancelOrder(id, symbol, {userref}) cancels every order carrying it', async () => {
      await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, { userref: 42 })
      await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 28000, { userref: 42 })
      const other = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 28000, {
        userref: 7,
      })
      const answer = await exchange().cancelOrder('ignored', 'BTC/USDT', { userref: 42 })
      expect(answer.info).toMatchObject({ result: { count: 2 } })
      expect(
        sim()
          .openOrders()
          .map((order) => order.txid),
      ).toEqual([other.id])
    })

    it('refuses a userref outside int32', async () => {
      const error = await rejectionOf(
        exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, { userref: 2 ** 31 }),
      )
      expect(String(error)).toContain('EGeneral:Invalid arguments:userref')
    })
  })
})
