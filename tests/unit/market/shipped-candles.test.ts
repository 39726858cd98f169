import { describe, expect, it } from 'vitest'
import {
  findShippedSlice,
  loadShippedCandles,
  SHIPPED_CANDLE_SLICES,
} from '../../../src-main/engine/market'
import { RESOURCES_DIR } from '../../helpers/market/candles'

describe('shipped candles', () => {
  it.each(SHIPPED_CANDLE_SLICES)(
    'loads $file as valid candles of the declared window',
    async (slice) => {
      const { candles, rejections } = await loadShippedCandles(
        RESOURCES_DIR,
        slice.symbol,
        slice.timeframe,
        slice.purpose,
      )
      expect(rejections).toEqual([])
      expect(candles[0]?.timestampMs).toBe(slice.firstTimestampMs)
      expect(candles.at(-1)?.timestampMs).toBe(slice.lastTimestampMs)
    },
  )

  it('ships three days of BTC/USDT, XRP/USDT and XRP/BTC for the demo', () => {
    expect(findShippedSlice('BTC/USDT')?.file).toBe('BTCUSDT_1m.csv')
    expect(findShippedSlice('XRP/USDT')?.file).toBe('XRPUSDT_1m.csv')
    expect(findShippedSlice('XRP/BTC')?.file).toBe('XRPBTC_1m.csv')
    expect(findShippedSlice('ETH/USDT')).toBeUndefined()
  })

  it('refuses a slice that is not shipped', async () => {
    await expect(loadShippedCandles(RESOURCES_DIR, 'ETH/USDT')).rejects.toThrow(
      'no shipped candles: symbol=ETH/USDT timeframe=1m purpose=demo',
    )
  })
})
