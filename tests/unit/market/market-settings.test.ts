import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { marketFileSchema } from '../../../src-main/engine/config/schemas/market'
import {
  ingestSettings,
  liveSourceSettings,
  snapshotSettings,
} from '../../../src-main/engine/market'

const FILE = fileURLToPath(new URL('../../../config/market.yaml', import.meta.url))

describe('market settings from config/market.yaml', () => {
  const market = marketFileSchema.parse(parse(readFileSync(FILE, 'utf8'))).market

  it('gives the live source the traded and correlation symbols, in milliseconds', () => {
    expect(liveSourceSettings(market)).toEqual({
      symbols: ['BTC/USDT', 'XRP/USDT', 'XRP/BTC'],
      backfillMinutes: 720,
      pollIntervalMs: 10_000,
      useWebsocket: true,
      websocketRetryMs: 300_000,
    })
    expect(
      liveSourceSettings({ ...market, correlation_symbols: ['BTC/USDT', 'XRP/BTC'] }).symbols,
    ).toEqual(['BTC/USDT', 'XRP/USDT', 'XRP/BTC'])
  })

  it('gives ingest and snapshots their settings', () => {
    expect(ingestSettings(market)).toEqual({
      timeframes: ['1m', '5m', '15m', '1h', '4h', '1d'],
      batchSize: 500,
      flushIntervalMs: 5_000,
      historyLength: 1500,
    })
    expect(snapshotSettings(market)).toEqual({
      candlesPerTimeframe: 50,
      maxDataAgeMs: 180_000,
      maxFailureRatio: 0.5,
      orderBookDepth: 10,
    })
  })
})
