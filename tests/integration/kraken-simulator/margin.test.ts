import { ExchangeError } from 'ccxt'
import { describe, expect, it } from 'vitest'
import { idOf, rejectionOf, useSimulator } from './simulator-setup'

describe('Kraken simulator leveraged orders through ccxt', () => {
  const { sim, exchange } = useSimulator({
    balances: { USDT: '10000' },
    prices: { 'BTC/USDT': '30000.0' },
  })

  it('opens a long position: only the fee leaves the balance, the margin is held', async () => {
    const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.1, undefined, {
      leverage: 2,
    })
    expect(sim().requests('AddOrder')[0]?.params).toMatchObject({ leverage: '2' })
    expect(created.info['descr']).toEqual({
      order: 'buy 0.10000000 XBTUSDT @ market with 2:1 leverage',
    })
    expect((await exchange().fetchOrder(idOf(created))).info['descr']).toMatchObject({
      leverage: '2:1',
    })

    expect(sim().positions()).toEqual([
      { symbol: 'BTC/USDT', side: 'buy', volume: '0.1', cost: '3000', margin: '1500' },
    ])
    expect(sim().balance('USDT')).toEqual({ total: '9992.2', held: '1500', free: '8492.2' })
    expect(sim().balance('BTC').total).toBe('0')

    const [position] = await exchange().fetchPositions(['BTC/USDT'])
    expect(position).toMatchObject({
      symbol: 'BTC/USDT',
      side: 'long',
      contracts: 0.1,
      initialMargin: 1500,
      leverage: 2,
    })
  })

  it('closing the position realises the profit in the quote asset and releases the margin', async () => {
    await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.1, undefined, { leverage: 2 })
    sim().setPrice('BTC/USDT', '31000.0')
    await exchange().createOrder('BTC/USDT', 'market', 'sell', 0.1, undefined, {
      leverage: 2,
      reduceOnly: true,
    })
    expect(sim().requests('AddOrder')[1]?.params).toMatchObject({ reduce_only: 'true' })
    expect(sim().positions()).toEqual([])
    // 10000 - 7.8 (open fee) + 100 (profit) - 8.06 (close fee)
    expect(sim().balance('USDT')).toEqual({ total: '10084.14', held: '0', free: '10084.14' })
    const trades = await exchange().fetchMyTrades('BTC/USDT')
    expect(trades.map((trade) => trade.info['leverage'])).toEqual(['2', '2'])
  })

  it('sells short without holding the base asset and buys back at a loss', async () => {
    await exchange().createOrder('BTC/USDT', 'market', 'sell', 0.1, undefined, { leverage: 3 })
    expect(sim().positions()[0]).toMatchObject({ side: 'sell', margin: '1000' })
    sim().setPrice('BTC/USDT', '30500.0')
    await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.1, undefined, { leverage: 3 })
    // 10000 - 7.8 - 50 (loss) - 7.93
    expect(sim().balance('USDT').total).toBe('9934.27')
  })

  it('OpenPositions by id reports value and unrealised profit at the mark', async () => {
    const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.1, undefined, {
      leverage: 2,
    })
    sim().setPrice('BTC/USDT', '31000.0')
    const answer = (await exchange().privatePostOpenPositions({ docalcs: true })) as {
      result: Record<string, Record<string, unknown>>
    }
    const positions = Object.values(answer.result)
    expect(positions).toHaveLength(1)
    expect(positions[0]).toMatchObject({
      ordertxid: idOf(created),
      pair: 'XBTUSDT',
      type: 'buy',
      vol: '0.10000000',
      cost: '3000.00000000',
      margin: '1500.00000000',
      value: '3100.00000000',
      net: '100.00000000',
    })
  })

  it('refuses a position whose margin exceeds the free quote with EOrder:Insufficient margin', async () => {
    const error = await rejectionOf(
      exchange().createOrder('BTC/USDT', 'market', 'buy', 1, undefined, { leverage: 2 }),
    )
    expect((error as Error).constructor).toBe(ExchangeError)
    expect(String(error)).toContain('EOrder:Insufficient margin')
  })
})
