import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { minimumOrderCost } from '../../../src-main/engine/execution'
import { planRebalance, type RebalancePlan } from '../../../src-main/engine/portfolio'
import { anAllocation } from './portfolio-builders'

const d = (value: string | number) => new Decimal(value)
const options = (minTradeUsd = '10', isForced = false) => ({
  minTradeUsd: d(minTradeUsd),
  isForced,
})
const summary = (plan: RebalancePlan) =>
  plan.trades.map((trade) => [trade.side, trade.symbol, trade.amountUsd.toFixed()])

describe('the worked example of seed 003 §3.3', () => {
  it('takes no action at 4.1 % < 5 %', () => {
    const plan = planRebalance(anAllocation().build(), options())
    expect(plan).toEqual({
      action: 'no_action',
      trades: [],
      skipped: [],
      reasoning: 'max deviation 4.11 % does not exceed threshold 5 %',
    })
  })

  it('with a 4 % threshold, sells $168.47 of BTC and buys $76.53 of XRP (targets 33.33/33.33/33.34)', () => {
    const allocation = anAllocation().thresholdPct('4').build()
    const plan = planRebalance(allocation, options())
    expect(plan.action).toBe('rebalance')
    expect(summary(plan)).toEqual([
      ['sell', 'BTC/USDT', '168.47'],
      ['buy', 'XRP/USDT', '76.53'],
    ])
    // USDT is never traded itself: it gains what the sell frees and the buy spends.
    const usdtChange = d('168.47').minus('76.53')
    expect(usdtChange.toFixed()).toBe('91.94')
    // Each asset then sits at its target value of $4,100 × target %.
    expect(d(1535).minus('168.47').toFixed()).toBe('1366.53')
    expect(d(1290).plus('76.53').toFixed()).toBe('1366.53')
    expect(d(1275).plus(usdtChange).toFixed()).toBe('1366.94')
    expect(plan.reasoning).toBe(
      'max deviation 4.11 % exceeds threshold 4 %: sell 168.47 BTC/USDT, buy 76.53 XRP/USDT',
    )
  })

  it('with equal thirds ($1,366.67 each), sells $168.33 of BTC and buys $76.67 of XRP', () => {
    const third = d(100).div(3)
    const allocation = anAllocation()
      .target('BTC', third)
      .target('XRP', third)
      .target('USDT', third)
      .build()
    const plan = planRebalance(allocation, options('10', true))
    expect(summary(plan)).toEqual([
      ['sell', 'BTC/USDT', '168.33'],
      ['buy', 'XRP/USDT', '76.67'],
    ])
    // Within $1 of the seed's SELL $168, BUY $77 and USDT +$92.
    expect(d('168.33').minus('76.67').toFixed()).toBe('91.66')
  })

  it('rebalances when forced below the threshold, and says so', () => {
    const plan = planRebalance(anAllocation().build(), options('10', true))
    expect(summary(plan)).toEqual([
      ['sell', 'BTC/USDT', '168.47'],
      ['buy', 'XRP/USDT', '76.53'],
    ])
    expect(plan.reasoning).toMatch(/^forced rebalance \(max deviation 4\.11 %, threshold 5 %\)/)
  })
})

describe('the threshold', () => {
  it('takes no action at exactly the threshold (a rebalance needs the deviation to exceed it)', () => {
    // BTC at 38.33 % against 33.33 %: deviation exactly 5.
    const allocation = anAllocation()
      .balance('BTC', '1')
      .price('BTC', '3833')
      .balance('XRP', '2867')
      .price('XRP', '1')
      .balance('USDT', '3300')
      .build()
    expect(allocation.maxDeviationPct.toFixed()).toBe('5')
    expect(planRebalance(allocation, options()).action).toBe('no_action')
  })

  it('rebalances just above it', () => {
    const allocation = anAllocation()
      .balance('BTC', '1')
      .price('BTC', '3834')
      .balance('XRP', '2867')
      .price('XRP', '1')
      .balance('USDT', '3300')
      .build()
    expect(allocation.maxDeviationPct.gt(5)).toBe(true)
    expect(planRebalance(allocation, options()).action).toBe('rebalance')
  })
})

describe('trades', () => {
  it('skips trades below min_trade_usd and keeps the others', () => {
    const plan = planRebalance(anAllocation().build(), options('100', true))
    expect(summary(plan)).toEqual([['sell', 'BTC/USDT', '168.47']])
    expect(plan.skipped).toEqual([
      {
        symbol: 'XRP/USDT',
        side: 'buy',
        amountUsd: d('76.53'),
        reason: 'amount 76.53 is below min_trade_usd 100',
      },
    ])
  })

  it('gives every trade min_trade_usd as its minimum when the exchange says none or a lower one', () => {
    const plan = planRebalance(anAllocation().thresholdPct('4').build(), {
      ...options('20'),
      exchangeMinimumUsd: (symbol) => (symbol === 'BTC/USDT' ? d('5') : null),
    })
    expect(plan.trades.map((trade) => [trade.symbol, trade.minimumUsd.toFixed()])).toEqual([
      ['BTC/USDT', '20'],
      ['XRP/USDT', '20'],
    ])
  })

  it('skips a trade the exchange would refuse as smaller than its minimum order, and keeps the higher minimum on the others', () => {
    // A 200 XRP minimum at the example's 0.60 is $120, more than the $76.53 to buy.
    const minimums: Record<string, { minSize: Decimal; minCost: Decimal }> = {
      // 0.001 BTC at the example's ~44,493 is ~$44.49: above min_trade_usd ($10).
      'BTC/USDT': { minSize: d('0.001'), minCost: d('0.5') },
      'XRP/USDT': { minSize: d('200'), minCost: d('0.5') },
    }
    const plan = planRebalance(anAllocation().thresholdPct('4').build(), {
      ...options(),
      exchangeMinimumUsd: (symbol, price) => {
        const minimum = minimums[symbol]
        return minimum ? minimumOrderCost(minimum, price) : null
      },
    })
    expect(summary(plan)).toEqual([['sell', 'BTC/USDT', '168.47']])
    const btc = plan.trades[0]
    expect(btc?.minimumUsd.toFixed()).toBe(d('0.001').times(btc!.price).toFixed())
    expect(plan.skipped).toEqual([
      {
        symbol: 'XRP/USDT',
        side: 'buy',
        amountUsd: d('76.53'),
        reason: "amount 76.53 is below the exchange's minimum order 120.00",
      },
    ])
  })

  it('takes no action when every trade is too small', () => {
    const plan = planRebalance(anAllocation().build(), options('500', true))
    expect(plan.action).toBe('no_action')
    expect(plan.trades).toEqual([])
    expect(plan.skipped).toHaveLength(2)
    expect(plan.reasoning).toBe('max deviation 4.11 %; every trade is too small to make')
  })

  it('puts sells before buys, each largest first, for any number of assets', () => {
    const allocation = anAllocation()
      .targetsOf({ BTC: '20', XRP: '20', ETH: '20', SOL: '20', USDT: '20' })
      .balance('BTC', '1')
      .price('BTC', '300')
      .balance('XRP', '100')
      .price('XRP', '1')
      .balance('ETH', '1')
      .price('ETH', '250')
      .balance('SOL', '1')
      .price('SOL', '150')
      .balance('USDT', '200')
      .build()
    // Total 1,000: 200 each.
    const plan = planRebalance(allocation, options('10'))
    expect(summary(plan)).toEqual([
      ['sell', 'BTC/USDT', '100'],
      ['sell', 'ETH/USDT', '50'],
      ['buy', 'XRP/USDT', '100'],
      ['buy', 'SOL/USDT', '50'],
    ])
  })

  it('never trades the quote asset and leaves assets on target alone', () => {
    const allocation = anAllocation()
      .targetsOf({ BTC: '50', USDT: '50' })
      .balance('BTC', '1')
      .price('BTC', '1275')
      .build()
    const plan = planRebalance(allocation, options('10', true))
    expect(plan.action).toBe('no_action')
    expect(plan.trades).toEqual([])
  })

  it('rounds amounts half up to the cent', () => {
    const allocation = anAllocation()
      .targetsOf({ BTC: '50', USDT: '50' })
      .balance('BTC', '1')
      .price('BTC', '100.01')
      .balance('USDT', '0')
      .build()
    // Target 50.005 → sell 50.005, rounded to 50.01.
    expect(summary(planRebalance(allocation, options('1', true)))).toEqual([
      ['sell', 'BTC/USDT', '50.01'],
    ])
  })
})

describe('refusals', () => {
  it('takes no action at zero equity, even when forced', () => {
    const plan = planRebalance(anAllocation().noBalances().build(), options('10', true))
    expect(plan).toEqual({
      action: 'no_action',
      trades: [],
      skipped: [],
      reasoning: 'zero equity: nothing to rebalance',
    })
  })

  it('sells nothing when a held asset is priced at 0', () => {
    // Valued at 0, BTC would shrink the equity and make XRP look overweight.
    const plan = planRebalance(anAllocation().price('BTC', '0').build(), options('10', true))
    expect(plan.action).toBe('no_action')
    expect(plan.trades).toEqual([])
    expect(plan.reasoning).toBe('no price for BTC/USDT: not rebalancing on a partial valuation')
  })

  it('takes no action while a held asset has no price, even when forced', () => {
    const plan = planRebalance(anAllocation().price('BTC', null).build(), options('10', true))
    expect(plan.action).toBe('no_action')
    expect(plan.reasoning).toBe('no price for BTC/USDT: not rebalancing on a partial valuation')
  })
})
