import { describe, expect, it } from 'vitest'
import { summarizeOrderBook } from '../../../src-main/engine/market'

describe('summarizeOrderBook', () => {
  it('reads best bid and ask, spread, volumes and imbalance off the top levels', () => {
    const summary = summarizeOrderBook(
      'BTC/USDT',
      {
        bids: [
          { price: '100.0', volume: '3' },
          { price: '99.5', volume: '1' },
          { price: '99', volume: '100' },
        ],
        asks: [
          { price: '100.2', volume: '1' },
          { price: '100.4', volume: '1' },
        ],
      },
      2,
      1234,
    )
    expect(summary).toEqual({
      symbol: 'BTC/USDT',
      timestampMs: 1234,
      bestBid: '100.0',
      bestAsk: '100.2',
      spread: '0.2',
      spreadPct: expect.closeTo((0.2 / 100.1) * 100, 12),
      bidVolume: '4',
      askVolume: '2',
      depthImbalance: expect.closeTo(1 / 3, 12),
      depth: 2,
    })
  })

  it('leaves what an empty side cannot give null', () => {
    const summary = summarizeOrderBook(
      'XRP/USDT',
      { bids: [], asks: [{ price: '1', volume: '0' }] },
      5,
      0,
    )
    expect(summary).toMatchObject({
      bestBid: null,
      bestAsk: '1',
      spread: null,
      spreadPct: null,
      bidVolume: '0',
      askVolume: '0',
      depthImbalance: null,
      depth: 1,
    })
  })
})
