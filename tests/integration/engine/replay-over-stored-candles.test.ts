import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppPaths } from '../../../src-main/app-paths'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { startEngine } from '../../../src-main/host/start-engine'

// `serve --market replay` (or `serve` when Kraken is unreachable) replays on the normal data
// folder: the second time, its store holds the first run's candles, newer than the replay's
// first minutes. Warming up on them refused every replayed candle (indicators froze).
describe('a replay on a data folder that holds candles of an earlier run', () => {
  it('ingests the replayed candles the second time too', async () => {
    const env = {
      TRIPLEGAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tg-replay-twice-')),
      OLLAMA_HOST: 'http://127.0.0.1:9',
    }
    const csv = join(env.TRIPLEGAIN_DATA_DIR, 'btc.csv')
    const rows = ['timestamp_ms,open,high,low,close,volume']
    for (let i = 0; i < 120; i++) {
      const p = 50_000 + i
      rows.push(`${1_620_604_800_000 + i * 60_000},${p},${p + 1},${p - 1},${p},1`)
    }
    writeFileSync(csv, `${rows.join('\n')}\n`)
    const options = {
      paths: resolveAppPaths(env),
      env,
      logger: silentLogger(),
      host: 'headless' as const,
      version: 'test',
      market: {
        kind: 'replay' as const,
        speed: 'max' as const,
        files: { 'BTC/USDT': csv },
      },
    }
    const stats = []
    for (let run = 0; run < 2; run++) {
      const running = await startEngine(options)
      await running.replayDone
      stats.push(running.engine.parts.market.ingest.stats)
      await running.close()
    }
    expect(stats.map(({ accepted, rejected }) => ({ accepted, rejected }))).toEqual([
      { accepted: 120, rejected: 0 },
      { accepted: 120, rejected: 0 },
    ])
  }, 240_000)
})
