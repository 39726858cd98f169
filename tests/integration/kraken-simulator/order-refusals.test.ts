import type { kraken } from 'ccxt'
import {
  AuthenticationError,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  OnMaintenance,
  OrderNotFound,
} from 'ccxt'
import { describe, expect, it } from 'vitest'
import { connectCcxt } from '../../fakes/kraken'
import { idOf, rejectionOf, useSimulator } from './simulator-setup'

type ErrorClass = abstract new (...args: never[]) => Error

describe('Kraken simulator refusals and the ccxt exceptions they become', () => {
  const { sim, exchange } = useSimulator({
    balances: { USDT: '1000', BTC: '0.5' },
    prices: { 'BTC/USDT': '30000.0', 'XRP/USDT': '0.01' },
  })

  const place =
    (...args: Parameters<kraken['createOrder']>) =>
    () =>
      exchange().createOrder(...args)
  const addOrder = (params: Record<string, string>) => () =>
    exchange().privatePostAddOrder({
      pair: 'XBTUSDT',
      type: 'buy',
      ordertype: 'limit',
      volume: '0.01',
      ...params,
    })

  it.each<[string, () => Promise<unknown>, ErrorClass, string]>([
    [
      'order minimum not met',
      place('BTC/USDT', 'market', 'buy', 0.00001),
      InvalidOrder,
      'EOrder:Order minimum not met',
    ],
    [
      'cost minimum not met',
      place('XRP/USDT', 'market', 'buy', 10),
      ExchangeError,
      'EOrder:Cost minimum not met',
    ],
    [
      'buy beyond the quote balance',
      place('BTC/USDT', 'market', 'buy', 0.1),
      InsufficientFunds,
      'EOrder:Insufficient funds',
    ],
    [
      'sell beyond the base balance',
      place('BTC/USDT', 'market', 'sell', 1),
      InsufficientFunds,
      'EOrder:Insufficient funds',
    ],
    [
      'leverage the pair does not offer',
      place('BTC/USDT', 'market', 'buy', 0.01, undefined, { leverage: 7 }),
      ExchangeError,
      'EGeneral:Invalid arguments:leverage',
    ],
    [
      'price with too many decimals',
      addOrder({ price: '30000.05' }),
      ExchangeError,
      'EOrder:Invalid price:XBTUSDT price can only be specified up to 1 decimals.',
    ],
    [
      'volume with too many decimals',
      addOrder({ price: '30000', volume: '0.123456789' }),
      InvalidOrder,
      'EGeneral:Invalid arguments:volume',
    ],
    [
      'volume that is not a number',
      addOrder({ price: '30000', volume: 'abc' }),
      InvalidOrder,
      'EGeneral:Invalid arguments:volume',
    ],
    ['limit order without price', addOrder({}), InvalidOrder, 'EGeneral:Invalid arguments:price'],
    [
      'relative price on a stop-loss',
      addOrder({ ordertype: 'stop-loss', price: '+100' }),
      InvalidOrder,
      'EGeneral:Invalid arguments:price',
    ],
    [
      'unknown order type',
      addOrder({ ordertype: 'iceberg', price: '30000' }),
      ExchangeError,
      'EGeneral:Invalid arguments:ordertype',
    ],
    [
      'unknown pair',
      addOrder({ pair: 'DOGEEUR', price: '1' }),
      ExchangeError,
      'EQuery:Unknown asset pair',
    ],
    [
      'viqc on a sell',
      addOrder({ ordertype: 'market', type: 'sell', oflags: 'viqc' }),
      InvalidOrder,
      'EGeneral:Invalid arguments:viqc',
    ],
  ])('%s', async (_name, call, errorClass, krakenError) => {
    const error = await rejectionOf(call())
    expect((error as Error).constructor).toBe(errorClass)
    expect(String(error)).toContain(krakenError)
    expect(sim().orders()).toEqual([])
  })

  it('counts open orders against the balance: a second buy beyond the free quote is refused', async () => {
    await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.03, 29000)
    expect(sim().balance('USDT').free).toBe('127.738')
    const error = await rejectionOf(
      exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.005, 29000),
    )
    expect(error).toBeInstanceOf(InsufficientFunds)
  })

  it('does not check funds for validate=true', async () => {
    const answer = await exchange().createOrder('BTC/USDT', 'market', 'buy', 1, undefined, {
      validate: true,
    })
    expect(answer.info['descr']).toEqual({ order: 'buy 1.00000000 XBTUSDT @ market' })
  })

  it('cancelOrder of an unknown id becomes OrderNotFound', async () => {
    const error = await rejectionOf(exchange().cancelOrder('OAAAAA-BBBBB-CCCCCC', 'BTC/USDT'))
    expect(error).toBeInstanceOf(OrderNotFound)
  })

  it('cancelOrder of a filled order is an unknown order too', async () => {
    const filled = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01)
    expect(await rejectionOf(exchange().cancelOrder(idOf(filled), 'BTC/USDT'))).toBeInstanceOf(
      OrderNotFound,
    )
  })

  it('fetchOrder of an unknown id is EOrder:Invalid order, an InvalidOrder', async () => {
    const error = await rejectionOf(exchange().fetchOrder('OAAAAA-BBBBB-CCCCCC'))
    expect(error).toBeInstanceOf(InvalidOrder)
    expect(error).not.toBeInstanceOf(OrderNotFound)
    expect(String(error)).toContain('EOrder:Invalid order')
  })

  it('missing QueryOrders txid is EGeneral:Invalid arguments:txid, an ExchangeError', async () => {
    const error = await rejectionOf(exchange().privatePostQueryOrders({}))
    expect(String(error)).toContain('EGeneral:Invalid arguments:txid')
  })

  describe('trading modes', () => {
    it.each<['cancel_only' | 'post_only' | 'maintenance', ErrorClass, string]>([
      ['cancel_only', OnMaintenance, 'EService:Market in cancel_only mode'],
      ['post_only', OnMaintenance, 'EService:Market in post_only mode'],
      ['maintenance', ExchangeNotAvailable, 'EService:Unavailable'],
    ])('%s refuses a market order', async (status, errorClass, krakenError) => {
      sim().setSystemStatus(status)
      const error = await rejectionOf(exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01))
      expect((error as Error).constructor).toBe(errorClass)
      expect(String(error)).toContain(krakenError)
    })

    it('post_only still accepts post-only limit orders', async () => {
      sim().setSystemStatus('post_only')
      await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, { postOnly: true })
      expect(sim().openOrders()).toHaveLength(1)
    })

    it('maintenance refuses every private call', async () => {
      sim().setSystemStatus('maintenance')
      expect(await rejectionOf(exchange().fetchBalance())).toBeInstanceOf(ExchangeNotAvailable)
    })
  })

  describe('authentication', () => {
    it('an unknown key is EAPI:Invalid key, an AuthenticationError', async () => {
      const stranger = connectCcxt(sim(), { apiKey: 'someone-else' })
      const error = await rejectionOf(stranger.fetchBalance())
      expect(error).toBeInstanceOf(AuthenticationError)
      expect(String(error)).toContain('EAPI:Invalid key')
    })

    it('a wrong secret is EAPI:Invalid signature, which ccxt leaves a plain ExchangeError', async () => {
      const impostor = connectCcxt(sim(), {
        secret: Buffer.from('not the secret').toString('base64'),
      })
      const error = await rejectionOf(impostor.fetchBalance())
      expect((error as Error).constructor).toBe(ExchangeError)
      expect(String(error)).toContain('EAPI:Invalid signature')
    })

    it('a repeated nonce is EAPI:Invalid nonce, an InvalidNonce', async () => {
      const stuck = connectCcxt(sim(), { nonce: () => 1_700_000_000_000 })
      await stuck.fetchBalance()
      const error = await rejectionOf(stuck.fetchBalance())
      expect(error).toBeInstanceOf(InvalidNonce)
    })

    it('a userref that is not a number is EGeneral:Invalid arguments:userref', async () => {
      const error = await rejectionOf(exchange().privatePostOpenOrders({ userref: 'not-a-number' }))
      expect((error as Error).constructor).toBe(ExchangeError)
      expect(String(error)).toContain('EGeneral:Invalid arguments:userref')
    })
  })
})
