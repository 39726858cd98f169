import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveAppPaths } from '../../../src-main/app-paths'
import { parseArgs } from '../../../src-main/cli/cli-io'
import { runServe } from '../../../src-main/cli/commands/serve'
import { parseServeOptions } from '../../../src-main/cli/commands/serve-options'
import { REPLAY_IS_NOT_LIVE } from '../../../src-main/host/start-engine'
import { captureIo } from '../../helpers/capture-io'

const MAY_10 = Date.UTC(2021, 4, 10)
const HOUR_MS = 3_600_000

describe('triplegain serve on a machine that cannot reach Kraken (the offline demo)', () => {
  const env = {
    TRIPLEGAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tg-serve-')),
    // Nothing listens on port 9: Kraken and Ollama are both unreachable.
    KRAKEN_BASE_URL: 'http://127.0.0.1:9',
    OLLAMA_HOST: 'http://127.0.0.1:9',
    TRIPLEGAIN_LOG_LEVEL: 'silent',
  }
  const io = captureIo(env)
  let host: Awaited<ReturnType<typeof runServe>>

  beforeAll(async () => {
    // At the default 60× real time the first played hour closes a minute after the start:
    // the hourly chart the tests read is what the trader sees on opening the UI.
    const args = parseArgs(['--port', '0'])
    host = await runServe(parseServeOptions(args), resolveAppPaths(env), io, 'test')
  }, 120_000)

  afterAll(async () => {
    await host?.close()
  })

  it('says it serves the bundled data, and that play starts after 12 h of warm-up history', () => {
    expect(io.stderr).toEqual([
      'Kraken is not reachable at http://127.0.0.1:9: serving the bundled replay data instead (paper broker).',
    ])
    expect(io.stdout[1]).toBe(
      'Replay: plays from 2021-05-10T12:00Z at 60× real time; history from 2021-05-10T00:00Z loaded first, as a live start backfills.',
    )
  })

  it("plays into a store of its own: the account's folder holds only the API token", () => {
    const dataDir = env.TRIPLEGAIN_DATA_DIR
    const replayDir = join(dataDir, 'replays', 'serve')
    expect(io.stdout[2]).toBe(
      `Replayed orders, positions and balances are kept apart from your account, in ${replayDir} (started afresh each time).`,
    )
    expect(existsSync(join(replayDir, 'db'))).toBe(true)
    expect(existsSync(join(dataDir, 'db'))).toBe(false)
    expect(io.stdout[3]).toContain(`(also in ${join(dataDir, 'api-token')})`)
  })

  it('has chart history with indicators from the first moment', async () => {
    const token = /API token: (\S+)/.exec(io.stdout.join('\n'))?.[1]
    const url = /on (http:\S+)/.exec(io.stdout[0] ?? '')?.[1]
    const response = await fetch(`${url}/api/v1/market/BTC_USDT/candles?timeframe=1h&limit=24`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const body = (await response.json()) as {
      candles: { t: number }[]
      overlays: Record<string, (number | null)[]>
    }
    // The twelve hours a live start would have backfilled, the played part not closed yet.
    expect(body.candles.map((candle) => candle.t)).toEqual(
      Array.from({ length: 12 }, (_, hour) => MAY_10 + hour * HOUR_MS),
    )
    expect(body.overlays.ema_9?.at(-1)).toEqual(expect.any(Number))
  })
})

describe('triplegain serve --mode live', () => {
  const serveArgs = (argv: string[]) =>
    parseServeOptions(parseArgs(argv, new Set(['confirm-live'])))
  const unreachable = (extra: Record<string, string> = {}) => ({
    TRIPLEGAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tg-serve-live-')),
    KRAKEN_BASE_URL: 'http://127.0.0.1:9',
    OLLAMA_HOST: 'http://127.0.0.1:9',
    TRIPLEGAIN_LOG_LEVEL: 'silent',
    KRAKEN_API_KEY: 'key',
    KRAKEN_API_SECRET: 'c2VjcmV0',
    ...extra,
  })

  it('refuses to start when Kraken cannot be reached, instead of serving a replay', async () => {
    const env = unreachable()
    const io = captureIo(env)
    const options = serveArgs(['--mode', 'live', '--confirm-live', '--port', '0'])
    await expect(runServe(options, resolveAppPaths(env), io, 'test')).rejects.toThrow(
      'live mode needs Kraken, which is not reachable at http://127.0.0.1:9; refusing to start',
    )
    expect(io.stderr).toEqual([])
  })

  it('refuses live trading over replayed candles', async () => {
    const env = unreachable()
    const options = serveArgs([
      '--market',
      'replay',
      '--mode',
      'live',
      '--confirm-live',
      '--port',
      '0',
    ])
    await expect(runServe(options, resolveAppPaths(env), captureIo(env), 'test')).rejects.toThrow(
      REPLAY_IS_NOT_LIVE,
    )
  }, 120_000)

  it('replays in replay mode when the config asks for live trading', async () => {
    const env = unreachable({ TRIPLEGAIN_MODE: 'live', TRIPLEGAIN_CONFIRM_LIVE: 'yes' })
    const io = captureIo(env)
    const options = serveArgs(['--market', 'replay', '--port', '0'])
    const host = await runServe(options, resolveAppPaths(env), io, 'test')
    try {
      expect(io.stdout[0]).toMatch(/\(replay mode\)$/)
    } finally {
      await host.close()
    }
  }, 120_000)
})
