import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { PortfolioAllocation } from '../../../src-main/engine/portfolio'
import { accountEquityOf } from '../../../src-main/engine/portfolio/allocation'
import { anAllocation, assetOf, SEED_BTC_PRICE } from './portfolio-builders'

const d = (value: string | number) => new Decimal(value)

/**
 * Expects BTC set aside down to the seed example's 0.0345 available, so the allocation is the
 * example's own ($4,100, BTC 37.4 %); returns BTC's row.
 */
function expectSeedExampleLeft(allocation: PortfolioAllocation, balance: string) {
  const btc = assetOf(allocation, 'BTC')
  expect(btc.balance.toFixed()).toBe(balance)
  expect(btc.available.toFixed()).toBe('0.0345')
  expect(allocation.totalEquity.toFixed()).toBe('4100')
  expect(btc.pct.toFixed(1)).toBe('37.4')
  return btc
}

describe('the worked example of seed 003 §3.3 ($4,100)', () => {
  const allocation = anAllocation().build()

  it('values each asset and the total exactly', () => {
    expect(SEED_BTC_PRICE.toFixed()).toBe('44492.753623188405797')
    expect(assetOf(allocation, 'BTC').value.toFixed()).toBe('1535')
    expect(assetOf(allocation, 'XRP').value.toFixed()).toBe('1290')
    expect(assetOf(allocation, 'USDT').value.toFixed()).toBe('1275')
    expect(allocation.totalEquity.toFixed()).toBe('4100')
    expect(allocation.isZeroEquity).toBe(false)
  })

  it('gives BTC 37.4 %, XRP 31.5 %, USDT 31.1 % (exact to 18 decimals)', () => {
    expect(assetOf(allocation, 'BTC').pct.toFixed()).toBe('37.439024390243902439')
    expect(assetOf(allocation, 'XRP').pct.toFixed()).toBe('31.463414634146341463')
    expect(assetOf(allocation, 'USDT').pct.toFixed()).toBe('31.097560975609756098')
    expect(allocation.assets.map((asset) => asset.pct.toFixed(1))).toEqual(['37.4', '31.5', '31.1'])
  })

  it('measures deviations against 33.33 / 33.33 / 33.34 and a maximum of 4.1 points', () => {
    expect(assetOf(allocation, 'BTC').deviationPct.toFixed()).toBe('4.109024390243902439')
    expect(assetOf(allocation, 'XRP').deviationPct.toFixed()).toBe('-1.866585365853658537')
    expect(assetOf(allocation, 'USDT').deviationPct.toFixed()).toBe('-2.242439024390243902')
    expect(allocation.maxDeviationPct.toFixed()).toBe('4.109024390243902439')
    expect(allocation.maxDeviationPct.toFixed(1)).toBe('4.1')
    expect(allocation.maxDeviationPct.lt(allocation.thresholdPct)).toBe(true)
  })

  it('sums the percentages to 100 within 0.01 %', () => {
    const sum = allocation.assets.reduce((total, asset) => total.plus(asset.pct), d(0))
    expect(sum.minus(100).abs().lt('0.01')).toBe(true)
  })

  it('has no warnings with the config targets', () => {
    expect(allocation.warnings).toEqual([])
    expect(allocation.missingPrices).toEqual([])
  })
})

describe('hodl bags', () => {
  it('excludes the seed example bag: 0.05 BTC total, 0.0155 locked, 0.0345 available', () => {
    const allocation = anAllocation().balance('BTC', '0.05').hodl('BTC', '0.0155').build()
    const btc = expectSeedExampleLeft(allocation, '0.05')
    expect(btc.hodl.toFixed()).toBe('0.0155')
    expect(btc.value.toFixed()).toBe('1535')
    // The account still owns the bag: 0.05 × price = $2,224.64 more than the $1,535.
    expect(allocation.accountEquity.toFixed(2)).toBe('4789.64')
  })

  it('values the whole account like the available part when no bag is held', () => {
    const allocation = anAllocation().build()
    expect(allocation.accountEquity.toFixed()).toBe('4100')
  })

  it('values a whole balance more precise than the decimal precision exactly, bag or not', () => {
    // balance − 0 rounds to the precision (20 digits), so the available value cannot stand in.
    const balance = '1.00000000000000000005'
    const allocation = anAllocation()
      .balance('BTC', '0')
      .balance('USDT', '0')
      .balance('XRP', balance)
      .build()
    expect(allocation.totalEquity.toFixed()).toBe('0.60000000000000000006')
    expect(allocation.accountEquity.toFixed()).toBe('0.60000000000000000003')
  })

  it('counts a bag larger than the balance as the whole balance, with a warning', () => {
    const allocation = anAllocation().balance('XRP', '100').hodl('XRP', '150').build()
    const xrp = assetOf(allocation, 'XRP')
    expect(xrp.hodl.toFixed()).toBe('100')
    expect(xrp.available.toFixed()).toBe('0')
    expect(xrp.value.toFixed()).toBe('0')
    expect(allocation.warnings).toEqual([
      'hodl bag of XRP (150) exceeds its balance (100); the whole balance counts as hodl',
    ])
  })

  it('excludes a hodl bag of the quote asset too', () => {
    const allocation = anAllocation().hodl('USDT', '275').build()
    expect(assetOf(allocation, 'USDT').value.toFixed()).toBe('1000')
    expect(allocation.totalEquity.toFixed()).toBe('3825')
  })
})

describe('coins held by open positions', () => {
  it("leaves a trade's coins out, as a hodl bag: the seed example plus a 0.03 BTC position", () => {
    const allocation = anAllocation().balance('BTC', '0.0645').inPositions('BTC', '0.03').build()
    // The same allocation as without the position: it is not overweight because of it.
    const btc = expectSeedExampleLeft(allocation, '0.0645')
    expect(btc.inPositions.toFixed()).toBe('0.03')
    expect(allocation.accountEquity.toFixed(2)).toBe(
      d('0.0645').times(SEED_BTC_PRICE).plus(2565).toFixed(2),
    )
  })

  it('counts them against what the hodl bag leaves, never below zero, without a warning', () => {
    const allocation = anAllocation()
      .balance('BTC', '0.05')
      .hodl('BTC', '0.02')
      .inPositions('BTC', '0.04')
      .build()
    const btc = assetOf(allocation, 'BTC')
    expect([btc.hodl.toFixed(), btc.inPositions.toFixed(), btc.available.toFixed()]).toEqual([
      '0.02',
      '0.03',
      '0',
    ])
    // Coins a position bought that the account no longer holds are the reconciliation's to tell.
    expect(allocation.warnings).toEqual([])
  })
})

describe('zero equity', () => {
  it.each([
    ['no balances at all', anAllocation().noBalances()],
    [
      'every balance locked in hodl bags',
      anAllocation().hodl('BTC', '1').hodl('XRP', '9999').hodl('USDT', '1275'),
    ],
    ['zero balances', anAllocation().balance('BTC', '0').balance('XRP', '0').balance('USDT', '0')],
  ])('returns the target allocation for %s', (_name, builder) => {
    const allocation = builder.build()
    expect(allocation.isZeroEquity).toBe(true)
    expect(allocation.totalEquity.toFixed()).toBe('0')
    expect(
      allocation.assets.map((asset) => [
        asset.asset,
        asset.pct.toFixed(),
        asset.deviationPct.toFixed(),
      ]),
    ).toEqual([
      ['BTC', '33.33', '0'],
      ['XRP', '33.33', '0'],
      ['USDT', '33.34', '0'],
    ])
    expect(allocation.maxDeviationPct.toFixed()).toBe('0')
  })
})

describe('targets', () => {
  it.each([
    [{ BTC: '33.33', XRP: '33.33', USDT: '33.33' }, 'target_allocation sums to 99.99 %, not 100 %'],
    [{ BTC: '50', XRP: '50', USDT: '10' }, 'target_allocation sums to 110 %, not 100 %'],
  ])('warns when targets %j do not sum to 100', (targets, warning) => {
    const allocation = anAllocation().targetsOf(targets).build()
    expect(allocation.warnings).toEqual([warning])
    // The allocation itself is still computed against the targets as given.
    expect(assetOf(allocation, 'USDT').targetPct.toFixed()).toBe(targets.USDT)
  })

  it('works for any set of assets, not only three', () => {
    const allocation = anAllocation()
      .targetsOf({ BTC: '25', XRP: '25', ETH: '25', USDT: '25' })
      .balance('ETH', '1')
      .price('ETH', '900')
      .build()
    expect(allocation.totalEquity.toFixed()).toBe('5000')
    expect(allocation.assets.map((asset) => [asset.asset, asset.pct.toFixed(2)])).toEqual([
      ['BTC', '30.70'],
      ['XRP', '25.80'],
      ['ETH', '18.00'],
      ['USDT', '25.50'],
    ])
    expect(allocation.maxDeviationPct.toFixed()).toBe('7')
  })

  it('warns about a held asset without a target and leaves it out', () => {
    const allocation = anAllocation().balance('DOGE', '12').build()
    expect(allocation.assets.map((asset) => asset.asset)).toEqual(['BTC', 'XRP', 'USDT'])
    expect(allocation.warnings).toEqual([
      'DOGE has a balance of 12 but no target; it is not rebalanced',
    ])
  })
})

describe('missing prices', () => {
  it('values a held asset without a price at 0 and names it', () => {
    const allocation = anAllocation().price('XRP', null).build()
    expect(allocation.missingPrices).toEqual(['XRP'])
    expect(assetOf(allocation, 'XRP').price).toBeNull()
    expect(allocation.warnings).toEqual(['no price for XRP/USDT; XRP is valued at 0'])
  })

  it('counts a price of 0 as no price rather than valuing a held asset at 0', () => {
    const allocation = anAllocation().price('XRP', '0').build()
    expect(allocation.missingPrices).toEqual(['XRP'])
    expect(assetOf(allocation, 'XRP').price).toBeNull()
  })

  it('does not mind a missing price for an asset not held', () => {
    const allocation = anAllocation().balance('XRP', '0').price('XRP', null).build()
    expect(allocation.missingPrices).toEqual([])
  })
})

describe('the account equity alone', () => {
  it.each([
    ['the seed example', anAllocation()],
    [
      'a hodl bag and a position',
      anAllocation().balance('BTC', '0.08').hodl('BTC', '0.01').inPositions('BTC', '0.03'),
    ],
    ['a held asset without a price', anAllocation().price('XRP', null)],
    ['a price of 0', anAllocation().price('XRP', '0')],
    ['a held asset without a target', anAllocation().balance('ETH', '2').price('ETH', '3000')],
    ['a target asset never held', anAllocation().noBalances().balance('USDT', '100')],
  ])("is the allocation's account equity with %s", (_, builder) => {
    const equity = accountEquityOf(builder.input())
    expect(equity.toFixed()).toBe(builder.build().accountEquity.toFixed())
  })

  it('counts the whole balances of the target assets at their prices', () => {
    const input = anAllocation().balance('BTC', '0.05').hodl('BTC', '0.0155').input()
    // 0.05 BTC (bag included) + 2150 XRP × 0.6 + 1275 USDT
    expect(accountEquityOf(input).toFixed(2)).toBe(
      d('0.05').times(SEED_BTC_PRICE).plus(2565).toFixed(2),
    )
  })
})
