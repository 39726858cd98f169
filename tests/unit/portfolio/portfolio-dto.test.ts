import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { allocationSchema, rebalanceTradeSchema } from '../../../src-shared/contract'
import {
  defaultStrategy,
  applyStrategy,
  fixed,
  toAllocationDto,
  toRebalanceTradeDto,
  planRebalance,
} from '../../../src-main/engine/portfolio'
import { anAllocation } from './portfolio-builders'

const d = (value: string | number) => new Decimal(value)

describe('toAllocationDto', () => {
  it('writes the worked example in the contract shape, decimals as strings', () => {
    const dto = toAllocationDto(anAllocation().balance('BTC', '0.05').hodl('BTC', '0.0155').build())
    expect(allocationSchema.parse(dto)).toEqual(dto)
    expect(dto).toEqual({
      totalEquity: '4100.00',
      assets: [
        {
          asset: 'BTC',
          balance: '0.05',
          hodl: '0.0155',
          inPositions: '0',
          available: '0.0345',
          price: '44492.753623188405797',
          value: '1535.00',
          pct: '37.44',
          targetPct: '33.33',
          deviationPct: '4.11',
        },
        {
          asset: 'XRP',
          balance: '2150',
          hodl: '0',
          inPositions: '0',
          available: '2150',
          price: '0.6',
          value: '1290.00',
          pct: '31.46',
          targetPct: '33.33',
          deviationPct: '-1.87',
        },
        {
          asset: 'USDT',
          balance: '1275',
          hodl: '0',
          inPositions: '0',
          available: '1275',
          price: '1',
          value: '1275.00',
          pct: '31.10',
          targetPct: '33.34',
          deviationPct: '-2.24',
        },
      ],
      maxDeviationPct: '4.11',
      thresholdPct: '5.00',
      warnings: [],
    })
  })

  it('writes an unknown price as 0 and keeps the warnings', () => {
    const dto = toAllocationDto(anAllocation().price('XRP', null).build())
    expect(allocationSchema.parse(dto)).toEqual(dto)
    expect(dto.assets[1]?.price).toBe('0')
    expect(dto.warnings).toEqual(['no price for XRP/USDT; XRP is valued at 0'])
  })
})

describe('toRebalanceTradeDto', () => {
  it('writes a decided trade in the contract shape', () => {
    const allocation = anAllocation().build()
    const plan = planRebalance(allocation, { minTradeUsd: d(10), isForced: true })
    const dca = { isEnabled: true, thresholdUsd: d(100), batches: 6, intervalMs: 1 }
    const [sell, buy] = applyStrategy(plan.trades, defaultStrategy('limit', dca), dca)
    expect(rebalanceTradeSchema.parse(toRebalanceTradeDto(sell!))).toEqual({
      symbol: 'BTC/USDT',
      side: 'sell',
      amountUsd: '168.47',
      executionType: 'limit',
      priority: 1,
      batches: 6,
    })
    expect(toRebalanceTradeDto(buy!)).toEqual({
      symbol: 'XRP/USDT',
      side: 'buy',
      amountUsd: '76.53',
      executionType: 'limit',
      priority: 2,
      batches: 1,
    })
  })
})

describe('fixed', () => {
  it.each([
    ['1.005', 2, '1.01'],
    ['-1.005', 2, '-1.01'],
    ['-0.001', 2, '0.00'],
    ['-0.0049', 2, '0.00'],
    ['-0.005', 2, '-0.01'],
    ['-0.4', 0, '0'],
    ['-0.5', 0, '-1'],
    ['0', 2, '0.00'],
    ['12', 0, '12'],
    ['1e-9', 2, '0.00'],
  ])('rounds %s to %i decimals as %s', (value, decimals, expected) => {
    expect(fixed(d(value), decimals)).toBe(expected)
  })
})
