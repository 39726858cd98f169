import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { BrokerBalance } from '../../../src-main/engine/execution'
import { ManualPriceSource } from '../../../src-main/engine/execution/manual-price-source'
import type { Order } from '../../../src-main/engine/execution/order'
import type { Position } from '../../../src-main/engine/execution/position'
import { AccountPortfolioSource } from '../../../src-main/engine/wiring/portfolio-context-source'
import { aPosition } from '../execution/position-builder'
import { aProposal, checkOf, makeHarness, MONDAY_NOON } from '../risk/risk-builders'

const d = (value: string | number) => new Decimal(value)
const T0 = Date.UTC(2025, 0, 6, 12)

/** A balance of which `used` is reserved. */
const balance = (total: string, used = '0'): BrokerBalance => ({
  total: d(total),
  used: d(used),
  free: d(total).minus(used),
})

/** An account whose balances and positions the test sets by hand. */
function anAccount() {
  const balances: Record<string, BrokerBalance> = {
    USDT: balance('1000', '100'),
    BTC: balance('0.02'),
    XRP: balance('0'),
    // Held but not priced: counts as nothing rather than failing the equity.
    DOGE: balance('500'),
  }
  const positions: Position[] = []
  const pendingEntries: Order[] = []
  const margin = { pnl: d('0') }
  const hodlBags: Record<string, Decimal> = {}
  const prices = new ManualPriceSource()
  prices.setPrice('BTC/USDT', d('45000'), T0)
  const broker = { fetchBalances: () => Promise.resolve({ ...balances }) }
  const source = new AccountPortfolioSource({
    broker,
    prices,
    tracker: { openPositions: () => [...positions], unsettledMarginPnl: () => margin.pnl },
    orders: { unfilledEntries: () => [...pendingEntries] },
    quoteAsset: 'USDT',
    feeRate: d('0.0026'),
    hodlBags: { amounts: () => Promise.resolve({ ...hodlBags }) },
  })
  return { source, broker, balances, positions, pendingEntries, prices, margin, hodlBags }
}

describe('AccountPortfolioSource', () => {
  it('values every balance at its quote price, skipping unpriced assets', async () => {
    const { source } = anAccount()
    const context = await source.portfolioContext()
    expect(context.equity.toFixed()).toBe('1900')
    expect(context.unpricedMarkets).toEqual(['DOGE/USDT'])
    expect(context.freeBalances['USDT']?.toFixed()).toBe('900')
  })

  it('adds the P&L of open margin positions, which the balances hold only once it is settled', async () => {
    const { source, broker, margin } = anAccount()
    // A 5x short of 0.1 BTC lost 450: the exchange settles it into USDT as the short is reduced.
    margin.pnl = d('-450')
    expect((await source.portfolioContext()).equity.toFixed()).toBe('1450')
    const valued = source.valuation(await broker.fetchBalances())
    expect([valued.equity.toFixed(), valued.marginPnl.toFixed()]).toEqual(['1450', '-450'])
  })

  it('takes the hodl bags out of the free balances, so that no trade sells or spends them', async () => {
    const { source, balances, hodlBags } = anAccount()
    balances['XRP'] = balance('300')
    // 900 USDT free and a 850 USDT bag; 0.02 BTC free and a 0.05 BTC bag (all of it locked).
    hodlBags['USDT'] = d('850')
    hodlBags['BTC'] = d('0.05')
    const context = await source.portfolioContext()
    expect(
      Object.fromEntries(Object.entries(context.freeBalances).map(([k, v]) => [k, v.toFixed()])),
    ).toMatchObject({ USDT: '50', BTC: '0', XRP: '300' })
    // The bags are still the account's: the equity holds them.
    expect(context.equity.toFixed()).toBe('1900')
  })

  it('lets the risk engine sell only the coins outside the hodl bag', async () => {
    const { source, balances, hodlBags, prices } = anAccount()
    prices.setPrice('BTC/USDT', d('50000'), MONDAY_NOON)
    balances['BTC'] = balance('0.05')
    balances['USDT'] = balance('10000')
    hodlBags['BTC'] = d('0.04')
    const { engine } = await makeHarness()
    // A plain sale (a short at leverage 1) of 0.02 BTC, within every other limit.
    const sale = aProposal().at('50000').short().size('0.02').build()
    const verdict = engine.validate(sale, await source.portfolioContext(), null)
    expect(checkOf(verdict, 'FREE_BALANCE').message).toContain('free=0.01')
    expect(verdict.status === 'REJECTED' || verdict.proposal.size?.lte('0.01')).toBe(true)
  })

  it('values balances already read as portfolioContext() does, after balances and prices move', async () => {
    const { source, broker, balances, positions, prices } = anAccount()
    expect(source.valuation(await broker.fetchBalances()).equity.toFixed()).toBe('1900')

    // A fill: USDT spent on XRP, a position opened, then the prices move.
    balances['USDT'] = balance('400')
    balances['XRP'] = balance('1000')
    positions.push(aPosition({ symbol: 'XRP/USDT', size: d('1000'), entryPrice: d('0.6') }))
    prices.setPrice('XRP/USDT', d('0.62'), T0 + 60_000)
    prices.setPrice('BTC/USDT', d('44500'), T0 + 60_000)

    const context = await source.portfolioContext()
    expect(source.valuation(await broker.fetchBalances()).equity.toFixed()).toBe('1910')
    expect(context.equity.toFixed()).toBe('1910')
    expect(context.totalExposure?.toFixed()).toBe('620')
  })

  it('lists the entry orders in flight apart from the positions and counts them in the exposure', async () => {
    const { source, positions, pendingEntries, prices } = anAccount()
    positions.push(aPosition({ symbol: 'BTC/USDT', size: d('0.01'), entryPrice: d('44000') }))
    // A limit buy resting on the book, and a market sell sent before any price of its market.
    pendingEntries.push(
      {
        symbol: 'BTC/USDT',
        side: 'buy',
        size: d('0.004'),
        filledSize: d(0),
        price: d('44900'),
      } as Order,
      { symbol: 'XRP/USDT', side: 'sell', size: d('100'), filledSize: d(0), price: null } as Order,
    )
    const context = await source.portfolioContext()
    expect(context.openPositions.map((position) => position.symbol)).toEqual(['BTC/USDT'])
    expect(
      context.pendingEntries?.map((entry) => [entry.symbol, entry.side, entry.notional.toFixed()]),
    ).toEqual([['BTC/USDT', 'long', '180']])
    // 0.01 and 0.004 BTC at 45,000; the XRP entry has no price to value it at yet.
    expect(context.totalExposure?.toFixed()).toBe('630')
    prices.setPrice('XRP/USDT', d('0.6'), T0)
    const priced = await source.portfolioContext()
    expect(priced.pendingEntries?.map((entry) => entry.notional.toFixed())).toEqual(['180', '60'])
    expect(priced.totalExposure?.toFixed()).toBe('690')
  })

  it('counts the unfilled rest of a partly filled entry as part of its position, not one more', async () => {
    const { source, positions, pendingEntries } = anAccount()
    // A 2 BTC entry of which 1.11 filled: the position holds 1.11, the order still buys 0.89.
    positions.push(aPosition({ symbol: 'BTC/USDT', size: d('1.11'), entryPrice: d('45000') }))
    pendingEntries.push({
      symbol: 'BTC/USDT',
      side: 'buy',
      size: d('2'),
      filledSize: d('1.11'),
      price: d('45000'),
    } as Order)
    const context = await source.portfolioContext()
    expect(
      context.pendingEntries?.map((entry) => [
        entry.size.toFixed(),
        entry.notional.toFixed(),
        entry.isRestOfOpenPosition,
      ]),
    ).toEqual([['0.89', '40050', true]])
    // 1.11 + 0.89 BTC at 45,000: the whole order, counted once.
    expect(context.totalExposure?.toFixed()).toBe('90000')
  })

  it('names the markets of held assets it could not value, and only those', async () => {
    const { source, broker, balances, prices } = anAccount()
    // XRP holds nothing: no price needed. DOGE is held without a price.
    expect(source.valuation(await broker.fetchBalances())).toEqual({
      equity: d('1900'),
      marginPnl: d('0'),
      unpricedMarkets: ['DOGE/USDT'],
    })

    balances['XRP'] = balance('1000')
    expect(source.valuation(await broker.fetchBalances()).unpricedMarkets).toEqual([
      'XRP/USDT',
      'DOGE/USDT',
    ])
    prices.setPrice('XRP/USDT', d('0.5'), T0)
    const valued = source.valuation(await broker.fetchBalances())
    expect(valued.unpricedMarkets).toEqual(['DOGE/USDT'])
    expect(valued.equity.toFixed()).toBe('2400')
  })

  it('waits only for the markets the engine follows: a DOGE bag is never priced, never missing', async () => {
    const { broker, prices } = anAccount()
    const following = new AccountPortfolioSource({
      broker,
      prices,
      tracker: { openPositions: () => [], unsettledMarginPnl: () => d('0') },
      orders: { unfilledEntries: () => [] },
      quoteAsset: 'USDT',
      feeRate: d('0.0026'),
      followedMarkets: ['BTC/USDT', 'XRP/USDT'],
    })
    const context = await following.portfolioContext()
    expect(context.equity.toFixed()).toBe('1900')
    expect(context.unpricedMarkets).toEqual([])
  })
})
