import Decimal from 'decimal.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PlaceOrderRequest } from '../../../src-main/engine/execution/broker/broker'
import { BrokerError } from '../../../src-main/engine/execution/broker/broker-error'
import { KrakenBroker } from '../../../src-main/engine/execution/kraken/kraken-broker'
import { SystemClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { KrakenSimulator } from '../../fakes/kraken'
import { executionSection } from '../../helpers/execution-kit'
import { simulatorBroker } from './kraken-sim-kit'

const d = (value: Decimal.Value) => new Decimal(value)

let ids = 0
function request(fields: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  return {
    clientOrderId: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'market',
    size: d('0.01'),
    leverage: 1,
    ...fields,
  }
}

describe('KrakenBroker through ccxt against the Kraken simulator', () => {
  const sim = new KrakenSimulator()
  let broker: KrakenBroker

  beforeAll(async () => {
    await sim.start()
    broker = simulatorBroker(sim, { timeoutMs: 1_000 })
    await broker.connect()
  })

  afterAll(async () => {
    await broker.close()
    await sim.stop()
  })

  beforeEach(() => {
    sim.reset()
    sim.setBalance('USDT', '100000')
    sim.setBalance('BTC', '1')
    sim.setPrice('BTC/USDT', '30000.0')
  })

  it('loads market rules from AssetPairs', () => {
    const rules = broker.marketRules('BTC/USDT')
    expect(rules?.amountStep.toString()).toBe('1e-8')
    expect(rules?.priceStep.toString()).toBe('0.1')
    expect(rules?.minSize.toString()).toBe('0.00005')
    expect(rules?.minCost.toString()).toBe('0.5')
    expect(broker.marketRules('DOGE/EUR')).toBeNull()
  })

  it('places a market order with our client id and a deadline, and reads its fill', async () => {
    const placed = await broker.placeOrder(
      request({
        clientOrderId: 'a1b2c3d4-0000-4000-8000-000000000001',
        deadlineMs: Date.now() + 5_000,
      }),
    )
    expect(placed).toMatchObject({
      status: 'closed',
      clientOrderId: 'a1b2c3d4-0000-4000-8000-000000000001',
      type: 'market',
      side: 'buy',
    })
    expect(placed.filledSize.toString()).toBe('0.01')
    expect(placed.averagePrice?.toString()).toBe('30000')
    const [addOrder] = sim.requests('AddOrder')
    expect(addOrder?.params).toMatchObject({
      cl_ord_id: 'a1b2c3d4-0000-4000-8000-000000000001',
      pair: 'XBTUSDT',
    })
    expect(addOrder?.params).toHaveProperty('deadline')
    expect(sim.orders()).toHaveLength(1)
  })

  it.each([
    ['limit', { type: 'limit', price: d('29000') }, { price: '29000' }],
    [
      'stop-loss',
      { type: 'stop-loss', side: 'sell', triggerPrice: d('28000') },
      { triggerPrice: '28000' },
    ],
    [
      'take-profit',
      { type: 'take-profit', side: 'sell', triggerPrice: d('32000') },
      { triggerPrice: '32000' },
    ],
  ] as const)('places a resting %s order', async (type, fields, prices) => {
    const placed = await broker.placeOrder(request(fields))
    expect(placed).toMatchObject({ status: 'open', type })
    expect(placed.price?.toString() ?? placed.triggerPrice?.toString()).toBe(
      Object.values(prices)[0],
    )
    expect((await broker.fetchOpenOrders('BTC/USDT')).map((o) => o.externalId)).toEqual([
      placed.externalId,
    ])
  })

  it('sends leverage only above 1', async () => {
    const placed = await broker.placeOrder(request({ leverage: 2 }))
    expect(placed.leverage).toBe(2)
    expect(sim.requests('AddOrder')[0]?.params).toMatchObject({ leverage: '2' })
  })

  it('finds orders by client id, open or closed, and cancels', async () => {
    const resting = await broker.placeOrder(request({ type: 'limit', price: d('29000') }))
    const filled = await broker.placeOrder(request())
    expect(
      (await broker.fetchOrderByClientId(resting.clientOrderId!, 'BTC/USDT'))?.externalId,
    ).toBe(resting.externalId)
    expect((await broker.fetchOrderByClientId(filled.clientOrderId!, 'BTC/USDT'))?.status).toBe(
      'closed',
    )
    expect(
      await broker.fetchOrderByClientId('00000000-0000-4000-8000-999999999999', 'BTC/USDT'),
    ).toBeNull()
    await broker.cancelOrder(resting.externalId, 'BTC/USDT')
    expect((await broker.fetchOrder(resting.externalId, 'BTC/USDT')).status).toBe('canceled')
    expect((await broker.fetchClosedOrders('BTC/USDT')).map((o) => o.status).sort()).toEqual([
      'canceled',
      'closed',
    ])
  })

  it('amends a resting stop in place through AmendOrder and reads the order back', async () => {
    const stop = await broker.placeOrder(
      request({ side: 'sell', type: 'stop-loss', size: d('0.02'), triggerPrice: d('29000') }),
    )
    const amended = await broker.amendOrder({
      externalId: stop.externalId,
      symbol: 'BTC/USDT',
      size: d('0.03'),
      triggerPrice: d('29500.5'),
    })
    expect(amended).toMatchObject({ externalId: stop.externalId, status: 'open' })
    expect(amended.size.toString()).toBe('0.03')
    expect(sim.requests('AmendOrder')[0]?.params).toMatchObject({
      txid: stop.externalId,
      order_qty: '0.03',
      trigger_price: '29500.5',
    })
    expect(sim.order(stop.externalId)).toMatchObject({ price: '29500.5', volume: '0.03' })
    sim.setPrice('BTC/USDT', '29400.0')
    expect((await broker.fetchOrder(stop.externalId, 'BTC/USDT')).status).toBe('closed')
  })

  it('maps refused amends: an unknown order as not found, values AddOrder would refuse as invalid', async () => {
    const stop = await broker.placeOrder(
      request({ side: 'sell', type: 'stop-loss', size: d('0.02'), triggerPrice: d('29000') }),
    )
    const amend = (externalId: string, size: string) =>
      broker.amendOrder({ externalId, symbol: 'BTC/USDT', size: d(size), triggerPrice: d('29000') })
    await expect(amend(stop.externalId, '0.00001')).rejects.toMatchObject({ kind: 'invalid-order' })
    await expect(amend(stop.externalId, '2')).rejects.toMatchObject({ kind: 'insufficient-funds' })
    await broker.cancelOrder(stop.externalId, 'BTC/USDT')
    await expect(amend(stop.externalId, '0.02')).rejects.toMatchObject({ kind: 'not-found' })
    expect(sim.order(stop.externalId)).toMatchObject({ volume: '0.02', status: 'canceled' })
  })

  it('reports unknown orders as not found', async () => {
    await expect(broker.cancelOrder('OAAAAA-BBBBB-CCCCCC', 'BTC/USDT')).rejects.toMatchObject({
      kind: 'not-found',
    })
    await expect(broker.fetchOrder('OAAAAA-BBBBB-CCCCCC', 'BTC/USDT')).rejects.toMatchObject({
      kind: 'not-found',
    })
  })

  it('reads trades and balances exactly from the raw strings', async () => {
    const placed = await broker.placeOrder(request({ size: d('0.012345') }))
    const [trade] = await broker.fetchMyTrades('BTC/USDT')
    expect(trade).toMatchObject({
      externalOrderId: placed.externalId,
      side: 'buy',
      feeAsset: 'USDT',
    })
    expect(trade?.size.toString()).toBe('0.012345')
    expect(trade?.fee.toString()).toBe(placed.fee.toString())
    const balances = await broker.fetchBalances()
    expect(balances.BTC?.total.toString()).toBe('1.012345')
    expect(balances.USDT?.total.toString()).toBe(sim.balance('USDT').total)
    expect(balances.USDT?.free.toString()).toBe(sim.balance('USDT').free)
  })

  it.each([
    ['EOrder:Insufficient funds', 'insufficient-funds', false],
    ['EAPI:Invalid key', 'authentication', false],
    ['EAPI:Rate limit exceeded', 'rate-limited', false],
    ['EService:Unavailable', 'temporary', true],
    ['EGeneral:Invalid arguments', 'invalid-order', false],
    ['EOrder:Orders limit exceeded', 'rate-limited', false],
    ['EGeneral:Unknown method', 'operational', false],
  ])('maps %s to %s (ambiguous=%s)', async (krakenError, kind, isAmbiguous) => {
    sim.faults.krakenError('AddOrder', krakenError)
    const error = await broker.placeOrder(request()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BrokerError)
    expect(error).toMatchObject({ kind, isAmbiguous })
    expect((error as BrokerError).message).toContain('operation=placeOrder')
  })

  it.each([
    [502, 'temporary', true],
    [504, 'temporary', true],
    [429, 'rate-limited', false],
  ])('maps HTTP %i to %s (ambiguous=%s)', async (status, kind, isAmbiguous) => {
    sim.faults.httpStatus('AddOrder', status)
    await expect(broker.placeOrder(request())).rejects.toMatchObject({ kind, isAmbiguous })
  })

  it('maps a lost response to an ambiguous failure while the order exists', async () => {
    sim.faults.loseResponse('AddOrder')
    const order = request()
    await expect(broker.placeOrder(order)).rejects.toMatchObject({
      kind: 'temporary',
      isAmbiguous: true,
    })
    expect((await broker.fetchOrderByClientId(order.clientOrderId, 'BTC/USDT'))?.status).toBe(
      'closed',
    )
  })

  it('maps a timeout to an ambiguous failure', async () => {
    sim.faults.delay('AddOrder', 1_500)
    await expect(broker.placeOrder(request())).rejects.toMatchObject({
      kind: 'temporary',
      isAmbiguous: true,
      message: expect.stringContaining('REQUEST_TIMEOUT'),
    })
  })

  it('refuses to start without keys', () => {
    const config = executionSection().kraken
    expect(
      () => new KrakenBroker({ config, clock: new SystemClock(), logger: silentLogger() }),
    ).toThrow('KRAKEN_KEYS_MISSING')
  })
})
