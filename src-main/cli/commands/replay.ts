import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppPaths } from '../../app-paths'
import type { LogLevel } from '../../engine/logging/logger'
import { bundledReplayFiles, startEngine } from '../../host/start-engine'
import { loadConfig, withRulesOnlyAgents } from '../../engine/config'
import { timeframeMs } from '../../engine/market'
import { buildReplayReport } from '../../replay/build-replay-report'
import { renderReportHtml, renderReportText } from '../../replay/replay-report'
import { flagValue, type CliIo, type ParsedArgs } from '../cli-io'
import { ProgressBar } from '../progress-bar'
import { ReplayPace } from '../replay-pace'
import { replayLogger } from '../replay-logger'
import {
  cutToWindow,
  parseSpeed,
  parseWindow,
  replayFilesBySymbol,
  windowShortfall,
  type ReplayWindow,
  type WindowedCsv,
} from './replay-data-files'

/**
 * `replay [--data FILE…] [--from DATE] [--to DATE] [--speed N|max]`: the whole engine over
 * recorded candles on the virtual clock with the paper broker and the rules provider (or
 * recorded LLM answers), in a fresh data folder of its own; ends with a report (terminal
 * summary plus an HTML page with the equity curve).
 */
export async function runReplay(
  args: ParsedArgs,
  paths: AppPaths,
  io: CliIo,
  version: string,
  now: number,
): Promise<number> {
  const data = args.flags.get('data') ?? []
  const window = parseWindow(flagValue(args, 'from'), flagValue(args, 'to'))
  const speed = parseSpeed(flagValue(args, 'speed'), 'max')
  const runDir = join(paths.dataDir, 'replays', new Date(now).toISOString().replace(/[:.]/g, '-'))
  const replayPaths = { ...paths, dataDir: runDir }
  const env = { ...io.env, TRIPLEGAIN_DATA_DIR: runDir, DATABASE_URL: '' }
  const config = loadConfig({
    configDir: paths.configDir,
    userConfigDir: paths.userConfigDir,
    env: io.env,
  }).config
  const sources = data.length > 0 ? replayFilesBySymbol(data) : bundledReplayFiles(paths, config)
  // The engine warms up on the candles before --from, as much as live backfills at start.
  const historyMs = config.market.market.backfill_minutes * timeframeMs('1m')
  // Cut before the run folder is made: a refused window leaves nothing behind.
  const windowed = windowedCsvs(sources, window, historyMs)
  for (const [symbol, cut] of Object.entries(windowed ?? {})) {
    const shortfall = windowShortfall(symbol, cut, window)
    if (shortfall !== null) io.err(`note: ${shortfall}; the replay covers less than asked`)
  }
  mkdirSync(runDir, { recursive: true })
  const files = windowed === null ? sources : writeWindowedFiles(windowed, runDir)
  const bar = new ProgressBar('replay', {
    write: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY,
  })
  const logPath = join(runDir, 'replay.log')
  const pace = new ReplayPace()
  const started = Date.now()
  const running = await startEngine({
    paths: replayPaths,
    env,
    logger: replayLogger(logPath, io.env.TRIPLEGAIN_LOG_LEVEL as LogLevel | undefined, io.err),
    host: 'headless',
    version,
    // Recorded answers are replayed by the models that gave them; without a recording every
    // agent is on the rules provider, so the run repeats and needs no model.
    configure: (config) =>
      config.agents.llm.record_replay === 'replay' ? config : withRulesOnlyAgents(config),
    market: {
      kind: 'replay',
      speed,
      files,
      ...(window.fromMs !== undefined ? { warmup: { untilMs: window.fromMs } } : {}),
      onProgress: (done, total) => bar.update(done, total, pace.note(done, total)),
    },
  })
  const startupMs = Date.now() - started
  try {
    const startingEquity = (await running.engine.parts.account.portfolioContext()).equity
    // The clock starts a moment before the first candle; the period reported starts with it.
    const firstMs = running.replay?.firstTimestampMs ?? running.clock.now()
    await running.replayDone
    bar.finish()
    const report = await buildReplayReport(running.engine, {
      fromMs: firstMs,
      toMs: running.clock.now(),
      candles: running.replay?.progress.done ?? 0,
      warmupCandles: running.replay?.warmupCandles ?? 0,
      wallClockMs: Date.now() - started,
      startupMs,
      startingEquity,
    })
    const reportPath = join(runDir, 'replay-report.html')
    writeFileSync(reportPath, renderReportHtml(report))
    writeFileSync(join(runDir, 'replay-report.json'), JSON.stringify(report, null, 2))
    io.out(renderReportText(report))
    io.out(`report: ${reportPath}`)
    io.out(`log:    ${logPath}`)
    return 0
  } finally {
    await running.close()
  }
}

/** The CSVs cut to the window (see {@link cutToWindow}); null without a window. */
function windowedCsvs(
  files: Record<string, string>,
  window: ReplayWindow,
  historyMs: number,
): Record<string, WindowedCsv> | null {
  if (window.fromMs === undefined && window.toMs === undefined) return null
  return Object.fromEntries(
    Object.entries(files).map(([symbol, path]) => [
      symbol,
      cutToWindow(symbol, readFileSync(path, 'utf8'), window, historyMs),
    ]),
  )
}

/** Writes the cut CSVs into the run folder, so the replay starts and ends where asked. */
function writeWindowedFiles(
  cuts: Record<string, WindowedCsv>,
  runDir: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(cuts).map(([symbol, cut]) => {
      const target = join(runDir, `${symbol.replace('/', '')}_window.csv`)
      writeFileSync(target, cut.text)
      return [symbol, target]
    }),
  )
}
