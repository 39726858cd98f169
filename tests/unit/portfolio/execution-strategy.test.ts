import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  applyStrategy,
  defaultStrategy,
  type DcaSettings,
  type PlannedTrade,
} from '../../../src-main/engine/portfolio'

const d = (value: string | number) => new Decimal(value)
const dca: DcaSettings = {
  isEnabled: true,
  thresholdUsd: d(500),
  batches: 6,
  intervalMs: 4 * 3_600_000,
}
const trade = (symbol: string, side: 'buy' | 'sell', amount: string): PlannedTrade => ({
  symbol,
  asset: symbol.slice(0, symbol.indexOf('/')),
  side,
  amountUsd: d(amount),
  price: d(1),
  minimumUsd: d(10),
})
const trades = [
  trade('XRP/USDT', 'buy', '300'),
  trade('BTC/USDT', 'sell', '900'),
  trade('ETH/USDT', 'sell', '120'),
  trade('SOL/USDT', 'buy', '500'),
]
const view = (decided: ReturnType<typeof applyStrategy>) =>
  decided.map((item) => [item.priority, item.symbol, item.executionType, item.batches.map(String)])

describe('applyStrategy', () => {
  it('applies the default: configured type, sells first, largest first, DCA above $500', () => {
    const decided = applyStrategy(trades, defaultStrategy('limit', dca), dca)
    expect(view(decided)).toEqual([
      [1, 'BTC/USDT', 'limit', ['150', '150', '150', '150', '150', '150']],
      [2, 'ETH/USDT', 'limit', ['120']],
      // Exactly $500 is not above the threshold.
      [3, 'SOL/USDT', 'limit', ['500']],
      [4, 'XRP/USDT', 'limit', ['300']],
    ])
  })

  it('follows the strategy order within the sells and within the buys, never buys first', () => {
    const decided = applyStrategy(
      trades,
      {
        executionType: 'market',
        tradeOrder: ['XRP/USDT', 'ETH/USDT', 'SOL/USDT'],
        splitLargeTrades: false,
      },
      dca,
    )
    expect(view(decided)).toEqual([
      [1, 'ETH/USDT', 'market', ['120']],
      [2, 'BTC/USDT', 'market', ['900']],
      [3, 'XRP/USDT', 'market', ['300']],
      [4, 'SOL/USDT', 'market', ['500']],
    ])
  })

  it('never splits when DCA is disabled, whatever the strategy says', () => {
    const disabled = { ...dca, isEnabled: false }
    expect(defaultStrategy('market', disabled).splitLargeTrades).toBe(false)
    const decided = applyStrategy(
      trades,
      { executionType: 'limit', tradeOrder: [], splitLargeTrades: true },
      disabled,
    )
    expect(decided.every((item) => item.batches.length === 1)).toBe(true)
  })

  it('keeps the decided amounts equal to the planned ones', () => {
    const atLeast200 = trades.map((each) => ({ ...each, minimumUsd: d(200) }))
    const decided = applyStrategy(atLeast200, defaultStrategy('limit', dca), dca)
    for (const item of decided) {
      const total = item.batches.reduce((sum, batch) => sum.plus(batch), d(0))
      expect(total.equals(item.amountUsd)).toBe(true)
    }
    // $900 with a $200 minimum: 4 batches of 225.
    expect(decided[0]?.batches.map(String)).toEqual(['225', '225', '225', '225'])
  })

  it("keeps every batch at or above the trade's minimum (the exchange's minimum order when that is higher)", () => {
    const [btc] = applyStrategy(
      [{ ...trade('BTC/USDT', 'sell', '900'), minimumUsd: d('250') }],
      defaultStrategy('limit', dca),
      dca,
    )
    // $900 in batches of at least $250: 3 of 300, not 6 of 150.
    expect(btc?.batches.map(String)).toEqual(['300', '300', '300'])
  })
})
