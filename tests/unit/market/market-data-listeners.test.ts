import { describe, expect, it } from 'vitest'
import { MarketDataListeners, type MarketDataListener } from '../../../src-main/engine/market'
import { aCandle, minute } from '../../helpers/market/candles'
import { capturingLogger, linesWith } from '../../helpers/market/capturing-logger'

describe('MarketDataListeners', () => {
  it('calls every listener, logs a throwing one, and stops calling removed ones', () => {
    const { logger, lines } = capturingLogger()
    const listeners = new MarketDataListeners(logger)
    const calls: string[] = []
    const boom = () => {
      throw new Error('boom')
    }
    listeners.add({
      onCandle: boom,
      onTick: boom,
      onGap: boom,
      onConnectionState: boom,
      onRejected: boom,
    })
    const recorder: MarketDataListener = {
      onCandle: (symbol, _candle, origin) => calls.push(`candle ${symbol} ${origin}`),
      onTick: (tick) => calls.push(`tick ${tick.last}`),
      onGap: (gap) => calls.push(`gap ${gap.missingCandles}`),
      onConnectionState: (change) => calls.push(`state ${change.state}`),
      onRejected: (symbol, rejection) => calls.push(`rejected ${symbol} ${rejection.code}`),
    }
    const remove = listeners.add(recorder)
    listeners.add({})
    const candle = aCandle(minute(0)).build()
    listeners.candle('BTC/USDT', candle, 'live')
    listeners.tick({ symbol: 'BTC/USDT', timestampMs: 1, last: '5', bid: null, ask: null })
    listeners.gap({
      symbol: 'BTC/USDT',
      reason: 'exchange',
      fromMs: 0,
      toMs: 0,
      missingCandles: 1,
      recoveredCandles: 0,
    })
    listeners.connectionState({ state: 'connected', previous: 'connecting', reason: null })
    listeners.rejected('BTC/USDT', { code: 'INVALID_PAYLOAD', message: 'INVALID_PAYLOAD: x=1' })
    remove()
    listeners.tick({ symbol: 'BTC/USDT', timestampMs: 2, last: '6', bid: null, ask: null })
    expect(calls).toEqual([
      'candle BTC/USDT live',
      'tick 5',
      'gap 1',
      'state connected',
      'rejected BTC/USDT INVALID_PAYLOAD',
    ])
    expect(linesWith(lines, 'market data listener failed').map((line) => line.handler)).toEqual([
      'onCandle',
      'onTick',
      'onGap',
      'onConnectionState',
      'onRejected',
      'onTick',
    ])
  })
})
