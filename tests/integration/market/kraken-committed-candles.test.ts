import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { KrakenMarketExchange } from '../../../src-main/engine/market/kraken'
import { KrakenSimulator, simCandleOf } from '../../fakes/kraken'
import { loadResourceCandles, minute, minuteRange } from '../../helpers/market/candles'

/*
 * Kraken's OHLC answer ends with the minute it is still forming, whatever the asker's clock
 * says. A local clock a little ahead of Kraken's (or a poll right at the minute) must not
 * take that row as the closed candle: its close and volume would never be corrected.
 */
describe('KrakenMarketExchange takes only the candles Kraken committed', () => {
  // Two seconds before minute 800 on Kraken: minute 799 is still forming there.
  const krakenClock = new VirtualClock(minute(800) - 2_000)
  const sim = new KrakenSimulator({ clock: krakenClock })
  let exchange: KrakenMarketExchange

  beforeAll(async () => {
    await sim.start()
    const served = loadResourceCandles('BTCUSDT_1m.csv').slice(790, 800)
    sim.setCandles('BTC/USDT', served.map(simCandleOf))
    exchange = new KrakenMarketExchange({
      // The engine's clock two seconds after minute 800: it thinks 799 has closed.
      clock: new VirtualClock(minute(800) + 2_000),
      logger: silentLogger(),
      restUrl: sim.url,
      enableRateLimit: false,
    })
    await exchange.connect()
  })

  afterAll(async () => {
    await exchange.close()
    await sim.stop()
  })

  it('leaves out the forming minute, and has it once Kraken committed it', async () => {
    const early = await exchange.fetchCandles('BTC/USDT', minute(790))
    expect(early.rejections).toEqual([])
    expect(early.candles.map((candle) => candle.timestampMs)).toEqual(
      minuteRange(790, 799).map(minute),
    )
    await krakenClock.advance(4_000)
    const later = await exchange.fetchCandles('BTC/USDT', minute(799))
    expect(later.candles.map((candle) => candle.timestampMs)).toEqual([minute(799)])
  })
})
