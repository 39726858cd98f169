import { describe, expect, it } from 'vitest'
import {
  MultiTimeframeIndicators,
  indicatorConfigSchema,
  type Candle,
  type Timeframe,
} from '../../../src-main/engine/market'
import { aCandle, minute } from '../../helpers/market/candles'

function recorder(options: { timeframes?: Timeframe[] } = {}) {
  const closed: string[] = []
  const indicators = new MultiTimeframeIndicators({
    ...options,
    symbol: 'BTC/USDT',
    onCandle: (timeframe: Timeframe, candle: Candle) =>
      closed.push(`${timeframe}@${(candle.timestampMs - minute(0)) / 60_000}`),
  })
  return { indicators, closed }
}

describe('MultiTimeframeIndicators', () => {
  it('closes each timeframe with its last minute, shortest first', () => {
    const { indicators, closed } = recorder()
    for (let i = 0; i < 15; i++) expect(indicators.update(aCandle(minute(i)).build())).toBeNull()
    expect(closed.filter((c) => !c.startsWith('1m@'))).toEqual(['5m@0', '5m@5', '5m@10', '15m@0'])
    expect(closed.slice(-3)).toEqual(['1m@14', '5m@10', '15m@0'])
    expect(indicators.indicators('1m')?.candleCount).toBe(15)
    expect(indicators.indicators('5m')?.candleCount).toBe(3)
    expect(indicators.indicators('15m')?.candleCount).toBe(1)
    expect(indicators.indicators('1h')?.candleCount).toBe(0)
    expect(indicators.lastCandle('15m')?.timestampMs).toBe(minute(0))
    expect(indicators.formingCandle('1h')?.timestampMs).toBe(minute(0))
    expect(indicators.formingCandle('1m')).toBeNull()
  })

  it('forms the open candle of a timeframe from every minute of it closed so far', () => {
    const { indicators } = recorder()
    // Minutes 0–36 closed: the 1h aggregator holds 15m@0 and 15m@15, the 15m one holds 5m@30,
    // the 5m one minutes 35 and 36.
    const minutes = Array.from({ length: 37 }, (_, i) =>
      aCandle(minute(i))
        .ohlc(`${100 + i}`, `${110 + i}`, `${90 + i}`, `${101 + i}`)
        .volume('2')
        .build(),
    )
    for (const candle of minutes) indicators.update(candle)
    const forming = indicators.formingCandle('1h')
    expect(forming?.timestampMs).toBe(minute(0))
    expect([forming?.openText, forming?.highText, forming?.lowText, forming?.closeText]).toEqual([
      '100',
      '146',
      '90',
      '137',
    ])
    expect(forming?.volume.toString()).toBe('74')
    expect(indicators.formingCandle('15m')?.timestampMs).toBe(minute(30))
    expect(indicators.formingCandle('15m')?.volume.toString()).toBe('14')
    expect(indicators.formingCandle('4h')?.closeText).toBe('137')
    // Minute 39 closes 5m@35: nothing of the next 5m candle has closed, the hour goes on.
    for (const i of [37, 38, 39]) {
      indicators.update(aCandle(minute(i)).ohlc('140', '150', '130', '141').volume('2').build())
    }
    expect(indicators.formingCandle('5m')).toBeNull()
    expect(indicators.formingCandle('1h')?.closeText).toBe('141')
    expect(indicators.formingCandle('1h')?.volume.toString()).toBe('80')
  })

  it('closes the buckets a gap leaves open before taking the next minute', () => {
    const { indicators, closed } = recorder({ timeframes: ['1m', '5m', '15m'] })
    indicators.update(aCandle(minute(0)).build())
    indicators.update(aCandle(minute(3)).build())
    indicators.update(aCandle(minute(31)).build())
    expect(closed).toEqual(['1m@0', '1m@3', '5m@0', '15m@0', '1m@31'])
  })

  it('closes open buckets on flush at a boundary', () => {
    const { indicators, closed } = recorder({ timeframes: ['5m', '1h'] })
    indicators.update(aCandle(minute(0)).build())
    indicators.flush(minute(5))
    expect(closed).toEqual(['5m@0'])
    indicators.flush(minute(60))
    expect(closed).toEqual(['5m@0', '1h@0'])
  })

  it('keeps indicators only for the chosen timeframes', () => {
    const { indicators, closed } = recorder({ timeframes: ['1h', '15m'] })
    expect(indicators.timeframes).toEqual(['15m', '1h'])
    for (let i = 0; i < 60; i++) indicators.update(aCandle(minute(i)).build())
    expect(closed).toEqual(['15m@0', '15m@15', '15m@30', '15m@45', '1h@0'])
    expect(indicators.indicators('1m')).toBeUndefined()
    expect(indicators.lastCandle('1m')).toBeNull()
    expect(Object.keys(indicators.snapshot())).toEqual(['15m', '1h'])
    expect(indicators.snapshot()['1h']?.candleCount).toBe(1)
  })

  it.each([
    ['the same minute', 5, 'DUPLICATE_TIMESTAMP'],
    ['an earlier minute', 4, 'OUT_OF_ORDER_TIMESTAMP'],
  ])('refuses %s', (_, index, code) => {
    const { indicators } = recorder()
    indicators.update(aCandle(minute(5)).build())
    expect(indicators.update(aCandle(minute(index)).build())).toEqual({
      code,
      message: `${code}: symbol=BTC/USDT timeframe=1m timestamp_ms=${minute(index)} last_timestamp_ms=${minute(5)}`,
    })
    expect(indicators.indicators('1m')?.candleCount).toBe(1)
  })

  it('refuses a candle off the minute', () => {
    const { indicators } = recorder()
    expect(indicators.update(aCandle(minute(0) + 1_000).build())?.code).toBe(
      'TIMESTAMP_NOT_ALIGNED',
    )
  })

  it('uses the given indicator settings on every timeframe', () => {
    const indicators = new MultiTimeframeIndicators({
      timeframes: ['1m', '5m'],
      config: indicatorConfigSchema.parse({ ema: [2] }),
    })
    for (let i = 0; i < 10; i++) indicators.update(aCandle(minute(i)).build())
    const snapshot = indicators.snapshot()
    expect(Object.keys(snapshot['1m']?.ema ?? {})).toEqual(['2'])
    expect(snapshot['5m']?.ema['2']).toBe(100.5)
  })
})
