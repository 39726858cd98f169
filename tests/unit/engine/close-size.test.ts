import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { MarketRules } from '../../../src-main/engine/execution'
import { resolveCloseSize } from '../../../src-main/engine/services/close-size'
import type { CloseAmount } from '../../../src-shared/contract'

const position = { id: 'pos-1', symbol: 'BTC/USDT', size: new Decimal('0.05') }
const rules: MarketRules = {
  symbol: 'BTC/USDT',
  amountStep: new Decimal('0.0001'),
  priceStep: new Decimal('0.1'),
  minSize: new Decimal('0.0001'),
  minCost: new Decimal('0.5'),
}
const market = { rules, price: new Decimal('45000') }

describe('resolveCloseSize', () => {
  it.each<[string, CloseAmount, string, string, boolean]>([
    ['no amount closes all of it', {}, '0.05', '0', true],
    ['a size equal to the open size closes all of it', { size: '0.05' }, '0.05', '0', true],
    ['100 % closes all of it', { sizePct: '100' }, '0.05', '0', true],
    ['a size below the open size closes that part', { size: '0.02' }, '0.02', '0.03', false],
    ['a percentage closes that share', { sizePct: '25' }, '0.0125', '0.0375', false],
    ['a part is rounded down to the size step', { size: '0.01239' }, '0.0123', '0.0377', false],
    ['a share is rounded down to the size step', { sizePct: '33' }, '0.0165', '0.0335', false],
  ])('%s', (_label, amount, size, remaining, isFullClose) => {
    const resolved = resolveCloseSize(position, amount, market)
    expect(resolved).toEqual({
      size: new Decimal(size),
      remaining: new Decimal(remaining),
      isFullClose,
    })
  })

  it.each<[string, CloseAmount, string]>([
    [
      'a size above the open size',
      { size: '0.06' },
      'size=0.06 is above the open size=0.05 of position id=pos-1',
    ],
    [
      'a part below the minimum order size once rounded',
      { size: '0.00009' },
      "size=0.00009 would close 0, below the market's minimum order size=0.0001 symbol=BTC/USDT",
    ],
    [
      'a share that leaves too little open',
      { sizePct: '99.9' },
      'sizePct=99.9 would leave 0.0001 open, too little for the market to close later (minimum size=0.0001 cost=5) symbol=BTC/USDT; close all of it instead',
    ],
  ])('refuses %s, naming the field', (_label, amount, problem) => {
    // 0.0001 BTC is worth 4.50 here, less than a minimum order cost of 5.
    const strict = { ...market, rules: { ...rules, minCost: new Decimal('5') } }
    expect(resolveCloseSize(position, amount, strict)).toEqual({ problem })
  })

  it('refuses a part worth less than the minimum order cost', () => {
    const costly = { ...market, rules: { ...rules, minCost: new Decimal('10') } }
    expect(resolveCloseSize(position, { size: '0.0002' }, costly)).toEqual({
      problem:
        "size=0.0002 would close 0.0002 worth 9.00, below the market's minimum order cost=10 symbol=BTC/USDT",
    })
  })

  it('sends the requested part as it is when the market publishes no rules', () => {
    expect(
      resolveCloseSize(position, { size: '0.012345678' }, { rules: null, price: market.price }),
    ).toEqual({
      size: new Decimal('0.012345678'),
      remaining: new Decimal('0.037654322'),
      isFullClose: false,
    })
  })
})
