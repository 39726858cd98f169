import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { Candle, parseCandlesCsv, type NumericCandle } from '../../../src-main/engine/market'

/** The repository's resources folder. */
export const RESOURCES_DIR = fileURLToPath(new URL('../../../resources', import.meta.url))

/** Loads a CSV from resources/market/ and fails the test on any refused row. */
export function loadResourceCandles(file: string, timeframe: '1m' | '5m' = '1m'): Candle[] {
  const text = readFileSync(`${RESOURCES_DIR}/market/${file}`, 'utf8')
  const { candles, rejections } = parseCandlesCsv(text, { timeframe })
  expect(rejections).toEqual([])
  return candles
}

/** Builds a candle for tests: `aCandle(60_000).ohlc('10', '12', '9', '11').volume('3')`. */
export function aCandle(timestampMs: number): CandleBuilder {
  return new CandleBuilder(timestampMs)
}

export class CandleBuilder {
  #fields: { open: string; high: string; low: string; close: string; volume: string } = {
    open: '100',
    high: '101',
    low: '99',
    close: '100.5',
    volume: '1',
  }

  constructor(readonly timestampMs: number) {}

  ohlc(open: string, high: string, low: string, close: string): this {
    this.#fields = { ...this.#fields, open, high, low, close }
    return this
  }

  volume(volume: string): this {
    this.#fields = { ...this.#fields, volume }
    return this
  }

  build(): Candle {
    const result = Candle.fromStrings({ timestampMs: this.timestampMs, ...this.#fields })
    if (!result.ok) throw new Error(result.rejection.message)
    return result.candle
  }
}

/** Minutes after 2021-05-10T00:00Z, in ms. */
export function minute(index: number): number {
  return 1_620_604_800_000 + index * 60_000
}

/** Flat 1m candles (open = high = low = close = `price`) at the given minutes ({@link minute}). */
export function flatCandles(price: string, minutes: readonly number[]): Candle[] {
  return minutes.map((index) => aCandle(minute(index)).ohlc(price, price, price, price).build())
}

/** The minute indexes from `from` up to, not including, `to`. */
export function minuteRange(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, index) => from + index)
}

/** The numeric views of candles. */
export function numericOf(candles: readonly Candle[]): NumericCandle[] {
  return candles.map((candle) => candle.numeric)
}
