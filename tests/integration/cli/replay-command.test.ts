import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppPaths } from '../../../src-main/app-paths'
import { runCli } from '../../../src-main/cli/run-cli'
import { captureIo } from '../../helpers/capture-io'

/**
 * Runs `triplegain replay --from FROM --to TO` in a fresh data folder with no model reachable;
 * returns the exit code, the output and the report's path.
 */
async function replayWindow(from: string, to: string) {
  const env = {
    TRIPLEGAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tg-replay-')),
    OLLAMA_HOST: 'http://127.0.0.1:9',
    TRIPLEGAIN_LOG_LEVEL: 'silent',
  }
  const io = { ...captureIo(env), now: () => Date.UTC(2026, 0, 1) }
  const code = await runCli(['replay', '--from', from, '--to', to], resolveAppPaths(env), io)
  const reportPath =
    io.stdout.find((line) => line.startsWith('report: '))?.slice('report: '.length) ?? ''
  return { code, io, reportPath }
}

/** The JSON beside a replay's HTML report. */
function reportJson<T>(reportPath: string): T {
  return JSON.parse(readFileSync(reportPath.replace('.html', '.json'), 'utf8')) as T
}

describe('triplegain replay', () => {
  it('replays a window of the bundled data and ends with a report', async () => {
    const { code, io, reportPath } = await replayWindow('2021-05-10', '2021-05-10T03:00')
    expect(io.stderr.filter((line) => line.startsWith('error'))).toEqual([])
    expect(io.stderr.filter((line) => line.startsWith('note'))).toEqual([])
    expect(code).toBe(0)
    expect(io.stdout[0]).toMatch(/^Replay BTC\/USDT, XRP\/USDT: 540 candles in/)
    expect(existsSync(reportPath)).toBe(true)
    expect(readFileSync(reportPath, 'utf8')).toContain('<svg')
    // The engine's log is kept beside the report, not shown between the progress and the report.
    expect(io.stdout.at(-1)).toBe(`log:    ${join(dirname(reportPath), 'replay.log')}`)
    expect(existsSync(join(dirname(reportPath), 'replay.log'))).toBe(true)
    const json = reportJson<{
      candles: number
      pnl: string
      pnlFrom: { closedTrades: string; openPositions: string; heldAssets: string }
      agents: { name: string; runs: number; invalid: number }[]
      models: { name: string }[]
    }>(reportPath)
    expect(json.candles).toBe(540)
    // The P&L is split by where it came from, and the parts add up to it.
    const parts = Object.values(json.pnlFrom).map(Number)
    expect(parts).toHaveLength(3)
    expect(parts.reduce((sum, part) => sum + part, 0)).toBeCloseTo(Number(json.pnl), 2)
    expect(json.agents.map((agent) => agent.name)).toContain('technical_analysis')
    // No recording: every agent answers from the rules provider, so the unreachable Ollama
    // above fails no run and the outcome does not depend on what this machine runs.
    expect(json.models.map((model) => model.name)).toEqual(['rules-v1'])
    expect(json.agents.filter((agent) => agent.invalid > 0)).toEqual([])
  }, 120_000)

  it('says so when the data covers less of the window than asked, and replays what it has', async () => {
    const { code, io } = await replayWindow('2021-05-09T23:30', '2021-05-10T00:30')
    expect(code).toBe(0)
    expect(io.stderr.filter((line) => line.startsWith('note'))).toContain(
      'note: BTC/USDT data starts 2021-05-10T00:00, after --from 2021-05-09T23:30 (UTC); the replay covers less than asked',
    )
    expect(io.stdout[0]).toMatch(/^Replay BTC\/USDT, XRP\/USDT: 90 candles in/)
  }, 120_000)

  it('warms the engine up on the candles before --from, as live backfills, and trades after', async () => {
    const { code, io, reportPath } = await replayWindow('2021-05-10T12:00', '2021-05-10T13:00')
    expect(code).toBe(0)
    // 60 minutes played and 720 of backfill (config/market.yaml) for each of the three files
    // (XRP/BTC too, for the correlation).
    expect(io.stdout[0]).toMatch(
      /^Replay BTC\/USDT, XRP\/USDT: 180 candles in [\d.]+ s \(engine start [\d.]+ s\), after 2160 earlier candles of warm-up\n/,
    )
    const json = reportJson<{
      fromMs: number
      agents: { name: string; runs: number }[]
    }>(reportPath)
    expect(json.fromMs).toBe(Date.UTC(2021, 4, 10, 12))
    // The agents ran in the replayed hour only (at start, then once a minute, per symbol),
    // not over the 12 hours of history.
    const ta = json.agents.find((agent) => agent.name === 'technical_analysis')
    expect(ta?.runs).toBe(2 * 61)
  }, 120_000)

  it("lists in its report the circuit breaker XRP's crash of 2021-05-10 trips", async () => {
    const { code, io, reportPath } = await replayWindow('2021-05-10T18:30', '2021-05-10T20:30')
    expect(code).toBe(0)
    expect(io.stdout.join('\n')).toContain('  breakers 1 tripped')
    const json = reportJson<{
      riskEvents: { event: string; breaker: string; detail: string }[]
    }>(reportPath)
    expect(json.riskEvents).toEqual([
      expect.objectContaining({
        event: 'breaker_tripped',
        breaker: 'volatility',
        detail: expect.stringContaining('VOLATILITY: symbol=XRP/USDT'),
      }),
    ])
    expect(readFileSync(reportPath, 'utf8')).toContain(
      '<td class="text">breaker tripped</td><td class="text">volatility</td>',
    )
  }, 120_000)

  it('refuses a bad option with usage help', async () => {
    const io = captureIo({})
    expect(
      await runCli(
        ['replay', '--speed', 'fast'],
        resolveAppPaths({ TRIPLEGAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tg-r-')) }),
        io,
      ),
    ).toBe(2)
    expect(io.stderr[0]).toBe('error: --speed must be a positive number or max, got fast')
  })
})
